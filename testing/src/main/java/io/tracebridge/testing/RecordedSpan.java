package io.tracebridge.testing;

import io.tracebridge.Level;
import io.tracebridge.subscriber.SpanData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RecordingSubscriber} saw of one span. Values are updated as callbacks arrive; read
 * them after the code under test has finished. Thread-safe.
 */
public final class RecordedSpan {
  private final RecordingSubscriber owner;
  private final SpanData data;
  private final Long parentId;
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final List<Long> followsFrom = new ArrayList<>();
  private final List<String> enterThreads = new ArrayList<>();
  private int exits;
  private int closes;
  private long busyNanos = -1;
  private long idleNanos = -1;

  RecordedSpan(RecordingSubscriber owner, SpanData data) {
    this.owner = owner;
    this.data = data;
    this.parentId = data.parent() == null ? null : data.parent().id();
    fields.putAll(data.fields().asMap());
    for (SpanData f : data.followsFrom()) {
      followsFrom.add(f.id());
    }
  }

  /**
   * Returns the span's id.
   *
   * @return the id
   */
  public long id() {
    return data.id();
  }

  /**
   * Returns the span's name.
   *
   * @return the name
   */
  public String name() {
    return data.name();
  }

  /**
   * Returns the span's target.
   *
   * @return the target
   */
  public String target() {
    return data.target();
  }

  /**
   * Returns the span's level.
   *
   * @return the level
   */
  public Level level() {
    return data.level();
  }

  /**
   * Returns the name of the thread that started the span.
   *
   * @return the thread name
   */
  public String threadName() {
    return data.threadName();
  }

  /**
   * Returns the parent's id.
   *
   * @return the id, or {@code null} for a root
   */
  public @Nullable Long parentId() {
    return parentId;
  }

  /**
   * Returns the parent as recorded by the same subscriber.
   *
   * @return the parent, or {@code null} for a root or a parent this subscriber did not see
   */
  public @Nullable RecordedSpan parent() {
    return parentId == null ? null : owner.byId(parentId);
  }

  /**
   * Returns the names of this span's ancestors and itself, outermost first, e.g. {@code [app-start,
   * process_request]}.
   *
   * @return the path
   */
  public List<String> path() {
    List<String> path = new ArrayList<>();
    for (RecordedSpan s = this; s != null; s = s.parent()) {
      path.add(0, s.name());
    }
    return path;
  }

  /**
   * Returns the fields, boxed as {@link io.tracebridge.Fields#asMap()} boxes them, including values
   * recorded after start.
   *
   * @return a copy of the fields
   */
  public synchronized Map<String, Object> fields() {
    return new LinkedHashMap<>(fields);
  }

  /**
   * Returns one field.
   *
   * @param name the field name
   * @return the value, or {@code null}
   */
  public synchronized @Nullable Object field(String name) {
    return fields.get(name);
  }

  /**
   * Returns the ids of the spans this one follows from.
   *
   * @return the ids
   */
  public synchronized List<Long> followsFrom() {
    return new ArrayList<>(followsFrom);
  }

  /**
   * Returns the names of the threads that entered the span, one per entry.
   *
   * @return the thread names
   */
  public synchronized List<String> enterThreads() {
    return new ArrayList<>(enterThreads);
  }

  /**
   * Returns how many times the span was exited.
   *
   * @return the exit count
   */
  public synchronized int exits() {
    return exits;
  }

  /**
   * Returns how many times subscribers were told the span closed (exactly one when correct).
   *
   * @return the close count
   */
  public synchronized int closes() {
    return closes;
  }

  /**
   * Returns whether the span has closed.
   *
   * @return {@code true} after close
   */
  public synchronized boolean isClosed() {
    return closes > 0;
  }

  /**
   * Returns the busy time reported at close.
   *
   * @return nanoseconds, or -1 before close
   */
  public synchronized long busyNanos() {
    return busyNanos;
  }

  /**
   * Returns the idle time reported at close.
   *
   * @return nanoseconds, or -1 before close
   */
  public synchronized long idleNanos() {
    return idleNanos;
  }

  /**
   * Returns the events recorded inside this span (directly, not in its children).
   *
   * @return the events
   */
  public List<RecordedEvent> events() {
    return owner.events().stream().filter(e -> Long.valueOf(id()).equals(e.spanId())).toList();
  }

  synchronized void entered() {
    enterThreads.add(Thread.currentThread().getName());
  }

  synchronized void exited() {
    exits++;
  }

  synchronized void recorded(Map<String, Object> values) {
    fields.putAll(values);
  }

  synchronized void follows(long id) {
    followsFrom.add(id);
  }

  synchronized void closed() {
    closes++;
    busyNanos = data.busyNanos();
    idleNanos = data.idleNanos();
  }

  @Override
  public synchronized String toString() {
    return path() + fields.toString();
  }
}
