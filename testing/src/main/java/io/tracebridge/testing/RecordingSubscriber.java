package io.tracebridge.testing;

import io.tracebridge.Fields;
import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Subscriber} that records everything it is shown, for tests:
 *
 * <pre>{@code
 * RecordingSubscriber recorder = RecordingSubscriber.create();
 * Dispatch.withDefault(recorder, () -> service.handle(request));
 * assertThat(recorder.span("fetch_data").path())
 *     .containsExactly("handle_connection", "fetch_data");
 * }</pre>
 *
 * <p>It also keeps the order of callbacks as readable lines ({@link #log()}), e.g. {@code "enter
 * fetch_data"}. Thread-safe: spans created on pool threads are recorded too.
 */
public final class RecordingSubscriber implements Subscriber {
  private final List<RecordedSpan> spans = new ArrayList<>();
  private final Map<Long, RecordedSpan> byId = new HashMap<>();
  private final List<RecordedEvent> events = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  private RecordingSubscriber() {}

  /**
   * Returns a new, empty recorder that accepts every level and target.
   *
   * @return the recorder
   */
  public static RecordingSubscriber create() {
    return new RecordingSubscriber();
  }

  /**
   * Returns every span seen, in start order.
   *
   * @return a copy of the list
   */
  public synchronized List<RecordedSpan> spans() {
    return new ArrayList<>(spans);
  }

  /**
   * Returns the spans with {@code name}, in start order.
   *
   * @param name the span name
   * @return the spans
   */
  public synchronized List<RecordedSpan> spans(String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  /**
   * Returns the only span with {@code name}.
   *
   * @param name the span name
   * @return the span
   * @throws AssertionError if there is none or more than one, listing what was recorded
   */
  public synchronized RecordedSpan span(String name) {
    List<RecordedSpan> matches = spans(name);
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected exactly one span named '"
              + name
              + "' but found "
              + matches.size()
              + " in "
              + spans);
    }
    return matches.get(0);
  }

  /**
   * Returns every event seen, in emission order.
   *
   * @return a copy of the list
   */
  public synchronized List<RecordedEvent> events() {
    return new ArrayList<>(events);
  }

  /**
   * Returns the only event with {@code message}.
   *
   * @param message the message
   * @return the event
   * @throws AssertionError if there is none or more than one, listing what was recorded
   */
  public synchronized RecordedEvent event(String message) {
    List<RecordedEvent> matches = events.stream().filter(e -> e.message().equals(message)).toList();
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected exactly one event '"
              + message
              + "' but found "
              + matches.size()
              + " in "
              + events);
    }
    return matches.get(0);
  }

  /**
   * Returns the callbacks in order, one line each: {@code new NAME}, {@code enter NAME}, {@code
   * exit NAME}, {@code record NAME}, {@code follows NAME CAUSE}, {@code event MESSAGE} and {@code
   * close NAME}.
   *
   * @return a copy of the lines
   */
  public synchronized List<String> log() {
    return new ArrayList<>(log);
  }

  /** Forgets everything recorded so far. */
  public synchronized void clear() {
    spans.clear();
    byId.clear();
    events.clear();
    log.clear();
  }

  synchronized RecordedSpan byId(long id) {
    return byId.get(id);
  }

  private synchronized RecordedSpan find(SpanData span) {
    return byId.get(span.id());
  }

  @Override
  public synchronized void onNewSpan(SpanData span) {
    RecordedSpan recorded = new RecordedSpan(this, span);
    spans.add(recorded);
    byId.put(span.id(), recorded);
    log.add("new " + span.name());
  }

  @Override
  public void onEnter(SpanData span) {
    RecordedSpan recorded = find(span);
    if (recorded != null) {
      recorded.entered();
    }
    append("enter " + span.name());
  }

  @Override
  public void onExit(SpanData span) {
    RecordedSpan recorded = find(span);
    if (recorded != null) {
      recorded.exited();
    }
    append("exit " + span.name());
  }

  @Override
  public void onRecord(SpanData span, Fields values) {
    RecordedSpan recorded = find(span);
    if (recorded != null) {
      recorded.recorded(values.asMap());
    }
    append("record " + span.name());
  }

  @Override
  public void onFollowsFrom(SpanData span, SpanData follows) {
    RecordedSpan recorded = find(span);
    if (recorded != null) {
      recorded.follows(follows.id());
    }
    append("follows " + span.name() + " " + follows.name());
  }

  @Override
  public void onEvent(EventData event) {
    List<String> path = new ArrayList<>();
    for (SpanData s = event.parent(); s != null; s = s.parent()) {
      path.add(0, s.name());
    }
    RecordedEvent recorded = RecordedEvent.of(event, path);
    synchronized (this) {
      events.add(recorded);
      log.add("event " + event.message());
    }
  }

  @Override
  public void onClose(SpanData span) {
    RecordedSpan recorded = find(span);
    if (recorded != null) {
      recorded.closed();
    }
    append("close " + span.name());
  }

  private synchronized void append(String line) {
    log.add(line);
  }

  @Override
  public String toString() {
    return "RecordingSubscriber";
  }
}
