package io.tracebridge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An enabled span. The same object is first the {@link SpanBuilder}, then the started {@link Span}
 * and the {@link SpanData} subscribers see, so an enabled span costs one object plus its fields.
 */
final class SpanImpl extends AbstractFieldBuilder<SpanBuilder>
    implements SpanBuilder, Span, SpanData, Fields {
  private static final AtomicLong IDS = new AtomicLong();

  final Registry registry;
  private final String target;
  private final Level level;
  private final String name;
  private FieldTable fields; // made on the first field: many spans have none

  /** Which layers of {@link #registry} saw this span; written once by the registry at start. */
  long layerMask;

  private SpanImpl parent;
  private byte parentage = Parentage.CONTEXTUAL;
  private List<SpanData> follows;
  private volatile Extensions extensions;
  private long id;
  private long startEpochNanos;
  private String threadName;
  private long threadId;

  // Lifecycle and timing, guarded by this.
  private boolean started;
  private volatile boolean closed;
  private int entered;
  private long lastTransitionNanos;
  // The wall-clock anchor of this span's trace: set once at start, shared with local children, and
  // immutable, so a racy read sees either null or a whole anchor.
  private EpochClock.Anchor anchor;
  private long busyNanos;
  private long idleNanos;

  SpanImpl(Registry registry, String target, Level level, String name) {
    this.registry = registry;
    this.target = target;
    this.level = level;
    this.name = name == null ? "null" : name;
  }

  // ---- SpanBuilder

  @Override
  FieldTable writableFields() {
    if (started) {
      return null;
    }
    if (fields == null) {
      fields = new FieldTable();
    }
    return fields;
  }

  @Override
  SpanImpl self() {
    return this;
  }

  @Override
  public SpanBuilder empty(String fieldName) {
    FieldTable table = writableFields();
    if (table != null) {
      table.putEmpty(fieldName);
    }
    return this;
  }

  @Override
  public SpanBuilder parent(Span newParent) {
    SpanImpl explicit = Parentage.explicit(newParent);
    if (!started && explicit != null) {
      parent = explicit;
      parentage = Parentage.EXPLICIT;
    }
    return this;
  }

  @Override
  public SpanBuilder root() {
    if (!started) {
      parent = null;
      parentage = Parentage.ROOT;
    }
    return this;
  }

  /** Implements both {@link SpanBuilder#followsFrom} and {@link Span#followsFrom}. */
  @Override
  public SpanImpl followsFrom(Span cause) {
    boolean announce;
    synchronized (this) {
      announce = started;
      if (!started) {
        addFollows(cause);
      }
    }
    if (announce) {
      followsFromStarted(cause);
    }
    return this;
  }

  @Override
  public Span start() {
    synchronized (this) {
      if (started) {
        return this;
      }
      started = true;
      parent = Parentage.resolve(parentage, parent);
      id = IDS.incrementAndGet();
      Thread thread = Thread.currentThread();
      threadName = thread.getName();
      threadId = thread.getId();
      long nanoTime = System.nanoTime();
      EpochClock.Anchor inherited = parent == null ? null : parent.anchor;
      anchor = inherited != null ? inherited : EpochClock.anchor(nanoTime);
      startEpochNanos = anchor.epochNanosAt(nanoTime);
      lastTransitionNanos = nanoTime;
    }
    registry.onNewSpan(this);
    return this;
  }

  @Override
  public EnteredSpan entered() {
    start();
    return push(true);
  }

  @Override
  public void run(Runnable action) {
    EnteredSpan s = entered();
    try {
      action.run();
    } catch (RuntimeException | Error e) {
      recordError(e);
      throw e;
    } finally {
      s.close();
    }
  }

  @Override
  public <T> T get(Supplier<T> action) {
    EnteredSpan s = entered();
    try {
      return action.get();
    } catch (RuntimeException | Error e) {
      recordError(e);
      throw e;
    } finally {
      s.close();
    }
  }

  @Override
  public <T> T call(Callable<T> action) throws Exception {
    EnteredSpan s = entered();
    try {
      return action.call();
    } catch (Exception | Error e) {
      recordError(e);
      throw e;
    } finally {
      s.close();
    }
  }

  // ---- Span

  @Override
  public boolean isNone() {
    return false;
  }

  @Override
  public SpanData data() {
    return this;
  }

  @Override
  public Scope enter() {
    if (!started || closed) {
      return Scope.NOOP;
    }
    return push(false);
  }

  /**
   * Makes this span current for a {@link ContextSnapshot}, even if it has closed meanwhile: work that
   * outlives the span that submitted it still parents its children to that span. A closed span gets
   * no enter or exit callbacks and no more busy time.
   */
  void attachAsContext() {
    if (started) {
      push(false);
    }
  }

  private Frame push(boolean closesSpan) {
    ThreadState ts = ThreadState.get();
    Frame frame = new Frame(this, ts, closesSpan);
    ts.top = frame;
    synchronized (this) {
      if (closed) {
        return frame;
      }
      long now = System.nanoTime();
      if (entered++ == 0) {
        idleNanos += now - lastTransitionNanos;
        lastTransitionNanos = now;
      }
      frame.announced = true;
    }
    registry.onEnter(this);
    return frame;
  }

  /**
   * Called once per frame when it exits, on any thread. An exit whose enter was announced is
   * announced too, even when the span has closed in between (work on another thread that outlived
   * the span), so layers can undo what they did on enter, such as making a context current.
   */
  void exitFrame(boolean announced) {
    synchronized (this) {
      if (!closed && entered > 0 && --entered == 0) {
        long now = System.nanoTime();
        busyNanos += now - lastTransitionNanos;
        lastTransitionNanos = now;
      }
    }
    if (announced) {
      registry.onExit(this);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!started || closed) {
        return;
      }
      closed = true;
      long now = System.nanoTime();
      if (entered > 0) {
        busyNanos += now - lastTransitionNanos;
      } else {
        idleNanos += now - lastTransitionNanos;
      }
      lastTransitionNanos = now;
    }
    registry.onClose(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Span record(String fieldName, long value) {
    FieldTable one = new FieldTable();
    one.putLong(fieldName, value);
    return recordAll(one);
  }

  @Override
  public Span record(String fieldName, double value) {
    FieldTable one = new FieldTable();
    one.putDouble(fieldName, value);
    return recordAll(one);
  }

  @Override
  public Span record(String fieldName, boolean value) {
    FieldTable one = new FieldTable();
    one.putBoolean(fieldName, value);
    return recordAll(one);
  }

  @Override
  public Span record(String fieldName, String value) {
    FieldTable one = new FieldTable();
    one.putString(fieldName, value == null ? "null" : value);
    return recordAll(one);
  }

  @Override
  public Span record(String fieldName, Object value) {
    FieldTable one = new FieldTable();
    one.putObject(fieldName, value);
    return recordAll(one);
  }

  @Override
  public Span recordError(Throwable error) {
    return record("error", (Object) error);
  }

  private Span recordAll(FieldTable values) {
    synchronized (this) {
      if (closed) {
        return this;
      }
      if (fields == null) {
        fields = new FieldTable();
      }
      if (fields.putAll(values) == 0 || !started) {
        return this; // a dropped value (the span is full) is not announced to subscribers
      }
    }
    registry.onRecord(this, values);
    return this;
  }

  private void followsFromStarted(Span cause) {
    SpanData other = cause == null ? null : cause.data();
    synchronized (this) {
      if (other == null || other == this || closed || !started) {
        return;
      }
      addFollows(cause);
    }
    registry.onFollowsFrom(this, other);
  }

  private synchronized void addFollows(Span cause) {
    SpanData other = cause == null ? null : cause.data();
    if (other == null || other == this) {
      return;
    }
    if (follows == null) {
      follows = new ArrayList<>(2);
    }
    follows.add(other);
  }

  // ---- SpanData

  @Override
  public long id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public Level level() {
    return level;
  }

  @Override
  public SpanData parent() {
    return parent;
  }

  @Override
  public boolean isContextual() {
    return parentage == Parentage.CONTEXTUAL;
  }

  @Override
  public boolean isExplicitRoot() {
    return parentage == Parentage.ROOT;
  }

  /** The span is its own read-only field view: visits and reads take the span's lock. */
  @Override
  public Fields fields() {
    return this;
  }

  @Override
  public synchronized void visit(FieldVisitor visitor) {
    if (fields != null) {
      fields.visit(visitor);
    }
  }

  @Override
  public synchronized boolean isEmpty() {
    return fields == null || fields.isEmpty();
  }

  @Override
  public synchronized List<SpanData> followsFrom() {
    return follows == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(follows));
  }

  /**
   * Returns the wall-clock time now, read through this span's anchor (no wall-clock read), or
   * directly if the span has not started.
   */
  long epochNanosNow() {
    EpochClock.Anchor a = anchor;
    return a == null ? EpochClock.nowNanos() : a.epochNanosAt(System.nanoTime());
  }

  @Override
  public long startEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public synchronized long busyNanos() {
    return !closed && entered > 0 ? busyNanos + System.nanoTime() - lastTransitionNanos : busyNanos;
  }

  @Override
  public synchronized long idleNanos() {
    return !closed && entered == 0 ? idleNanos + System.nanoTime() - lastTransitionNanos : idleNanos;
  }

  @Override
  public String threadName() {
    return threadName;
  }

  @Override
  public long threadId() {
    return threadId;
  }

  @Override
  public Extensions extensions() {
    Extensions e = extensions;
    if (e == null) {
      synchronized (this) {
        e = extensions;
        if (e == null) {
          extensions = e = new Extensions();
        }
      }
    }
    return e;
  }

  @Override
  public String toString() {
    return "Span{" + name + ", id=" + id + ", target=" + target + ", level=" + level + "}";
  }
}
