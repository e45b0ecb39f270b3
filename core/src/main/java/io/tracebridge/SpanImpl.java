package io.tracebridge;

import io.tracebridge.subscriber.Extensions;
import io.tracebridge.subscriber.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * An enabled span. The same object is first the {@link SpanBuilder}, then the started {@link Span}
 * and the {@link SpanData} subscribers see, and it is its own {@link Extensions}, where layers keep
 * their state; its fields live in a {@link FieldTable} it holds, made at the first field, so an
 * enabled span costs one object, plus the table and its arrays when it has fields.
 */
final class SpanImpl extends Extensions
    implements TableFieldBuilder<SpanBuilder>, SpanBuilder, Span, SpanData, Fields {
  final Registry registry;
  private final String target;
  private final Level level;
  private final String name;

  /**
   * Which layers of {@link #registry} see this span: from the tracer's cache when it has it, else
   * {@link Registry#UNKNOWN_MASK} until the registry computes it at start.
   */
  long layerMask;

  private SpanImpl parent;
  private byte parentage = Parentage.CONTEXTUAL;
  // Immutable, replaced under the lock on each addition (rare), so reads take no lock.
  private volatile List<SpanData> follows = List.of();
  private long id;
  private long startNanoTime;
  // The starting thread's name and id, shared by the spans the thread starts under that name.
  private ThreadState.Label thread;

  // Lifecycle and timing, guarded by this.
  private boolean started;
  private volatile boolean closed;
  private int entered;
  // Exits other threads owe to entering threads (see Frame); written under the lock, read without.
  private volatile int owedExits;
  private long lastTransitionNanos;
  // The wall-clock anchor of this span's trace: set once at start, shared with local children, and
  // immutable, so a racy read sees either null or a whole anchor.
  private EpochClock.Anchor anchor;
  private long busyNanos;
  private long idleNanos;
  private FieldTable table;

  SpanImpl(Registry registry, String target, Level level, String name, long layerMask) {
    this.registry = registry;
    this.layerMask = layerMask;
    this.target = target;
    this.level = level;
    this.name = name == null ? "null" : name;
  }

  // ---- SpanBuilder

  @Override
  public FieldTable writableFields() {
    return started ? null : tableForWrite();
  }

  @Override
  public SpanImpl self() {
    return this;
  }

  /** Returns the fields written so far; callers must not write to it. */
  private FieldTable table() {
    FieldTable t = table;
    return t != null ? t : NO_FIELDS;
  }

  private FieldTable tableForWrite() {
    FieldTable t = table;
    if (t == null) {
      table = t = new FieldTable();
    }
    return t;
  }

  @Override
  public SpanBuilder empty(String fieldName) {
    if (!started) {
      tableForWrite().putEmpty(fieldName);
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
    if (begin(false, ThreadState.get())) {
      registry.onNewSpan(this);
    }
    return this;
  }

  /**
   * Starts the span if it has not started; with {@code enter}, it is also entered once at the same
   * instant, so {@link #entered()} takes one lock and one clock reading for both.
   *
   * @return whether this call started the span
   */
  private boolean begin(boolean enter, ThreadState ts) {
    // Settles owed exits first (subscribers must not be called under this lock), and gives the
    // current span without a second thread-local look-up.
    Frame top = ts.liveTop();
    synchronized (this) {
      if (started) {
        return false;
      }
      started = true;
      if (parentage == Parentage.CONTEXTUAL) {
        parent = top == null ? null : top.span;
      }
      id = ts.nextSpanId();
      thread = ts.label();
      long nanoTime = System.nanoTime();
      EpochClock.Anchor inherited = parent == null ? null : parent.anchor;
      anchor = inherited != null ? inherited : EpochClock.anchor(nanoTime);
      startNanoTime = nanoTime;
      lastTransitionNanos = nanoTime;
      if (enter) {
        entered = 1;
      }
    }
    return true;
  }

  @Override
  public EnteredSpan entered() {
    ThreadState ts = ThreadState.get();
    if (!begin(true, ts)) {
      return push(true);
    }
    registry.onNewSpan(this);
    Frame frame = new Frame(this, ts, true);
    frame.announced = true;
    ts.top = frame;
    registry.onEnter(this);
    return frame;
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
   * Makes this span current for a {@link ContextSnapshot}, even if it has closed meanwhile: work
   * that outlives the span that submitted it still parents its children to that span. Subscribers
   * hear of the enter and the exit either way, so a layer makes the span's context current for the
   * work (the OpenTelemetry layer makes its OTel span current); a closed span gets no more busy
   * time.
   */
  void attachAsContext() {
    if (started) {
      push(false, true);
    }
  }

  private Frame push(boolean closesSpan) {
    return push(closesSpan, false);
  }

  private Frame push(boolean closesSpan, boolean evenIfClosed) {
    ThreadState ts = ThreadState.get();
    ts.liveTop(); // settle owed exits first, so subscribers hear of them before this enter
    Frame frame = new Frame(this, ts, closesSpan);
    ts.top = frame;
    synchronized (this) {
      if (!closed) {
        long now = System.nanoTime();
        if (entered++ == 0) {
          idleNanos += now - lastTransitionNanos;
          lastTransitionNanos = now;
        }
      } else if (!evenIfClosed) {
        return frame;
      }
      frame.announced = true;
    }
    registry.onEnter(this);
    return frame;
  }

  /** Announces an exit that another thread owed to the thread that entered; see {@link Frame}. */
  void announceExit() {
    registry.onExit(this);
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

  /**
   * Exits a frame and closes the span at one instant, under one lock: what closing the {@link
   * EnteredSpan} of {@link #entered()} does.
   */
  void exitFrameAndClose(boolean announced) {
    boolean closing;
    synchronized (this) {
      long now = System.nanoTime();
      if (!closed && entered > 0 && --entered == 0) {
        busyNanos += now - lastTransitionNanos;
        lastTransitionNanos = now;
      }
      closing = started && !closed;
      if (closing) {
        closeAt(now);
      }
    }
    if (announced) {
      registry.onExit(this);
    }
    if (closing) {
      registry.onClose(this);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (!started || closed) {
        return;
      }
      closeAt(System.nanoTime());
    }
    registry.onClose(this);
  }

  /**
   * Ends the timing and marks the span closed, last: a reader that sees {@code closed} (volatile)
   * sees the final busy and idle times without taking the lock. Called under the lock.
   */
  private void closeAt(long now) {
    if (entered > 0) {
      busyNanos += now - lastTransitionNanos;
    } else {
      idleNanos += now - lastTransitionNanos;
    }
    lastTransitionNanos = now;
    closed = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Span record(String fieldName, long value) {
    ThreadState ts = ThreadState.get();
    return recordAll(takeScratch(ts).putLong(fieldName, value), ts);
  }

  @Override
  public Span record(String fieldName, double value) {
    ThreadState ts = ThreadState.get();
    return recordAll(takeScratch(ts).putDouble(fieldName, value), ts);
  }

  @Override
  public Span record(String fieldName, boolean value) {
    ThreadState ts = ThreadState.get();
    return recordAll(takeScratch(ts).putBoolean(fieldName, value), ts);
  }

  @Override
  public Span record(String fieldName, String value) {
    ThreadState ts = ThreadState.get();
    return recordAll(takeScratch(ts).putString(fieldName, value), ts);
  }

  @Override
  public Span record(String fieldName, Object value) {
    ThreadState ts = ThreadState.get();
    return recordAll(takeScratch(ts).putObject(fieldName, value), ts);
  }

  /**
   * Returns the calling thread's table for the values of one {@code record} call, or a new one
   * while that is in use (a subscriber recording from inside {@code onRecord}). Subscribers may not
   * keep the values past the callback, so {@link #recordAll} gives it back afterwards.
   */
  private static FieldTable takeScratch(ThreadState ts) {
    FieldTable scratch = ts.recordScratch;
    if (scratch == null) {
      return new FieldTable();
    }
    ts.recordScratch = null;
    return scratch;
  }

  private static void giveBack(FieldTable values, ThreadState ts) {
    values.clear();
    if (ts.recordScratch == null) {
      ts.recordScratch = values;
    }
  }

  @Override
  public Span recordError(Throwable error) {
    return record("error", (Object) error);
  }

  private Span recordAll(FieldTable values, ThreadState ts) {
    try {
      synchronized (this) {
        if (closed) {
          return this;
        }
        if (tableForWrite().putAll(values) == 0 || !started) {
          return this; // a dropped value (the span is full) is not announced to subscribers
        }
      }
      registry.onRecord(this, values);
      return this;
    } finally {
      giveBack(values, ts);
    }
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
    List<SpanData> grown = new ArrayList<>(follows.size() + 1);
    grown.addAll(follows);
    grown.add(other);
    follows = Collections.unmodifiableList(grown);
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
    table().visit(visitor);
  }

  @Override
  public synchronized boolean isEmpty() {
    return table().isEmpty();
  }

  @Override
  public List<SpanData> followsFrom() {
    return follows;
  }

  /**
   * Returns the wall-clock time now, read through this span's anchor (no wall-clock read), or
   * directly if the span has not started.
   */
  long epochNanosNow() {
    EpochClock.Anchor a = anchor;
    return a == null ? EpochClock.nowNanos() : a.epochNanosAt(System.nanoTime());
  }

  /** Read through the anchor, which gives the start exactly, so the span keeps no copy. */
  @Override
  public long startEpochNanos() {
    EpochClock.Anchor a = anchor;
    return a == null ? 0 : a.epochNanosAt(startNanoTime);
  }

  @Override
  public boolean hasExitOwedOnThisThread() {
    if (owedExits == 0) {
      return false; // the common case: one volatile read
    }
    for (Frame f = ThreadState.get().top; f != null; f = f.prev) {
      if (f.span == this && f.isExitOwed()) {
        return true;
      }
    }
    return false;
  }

  /** Counts an exit another thread now owes to the entering thread, or one that was settled. */
  synchronized void owedExit(int delta) {
    owedExits += delta;
  }

  @Override
  public long startNanoTime() {
    return startNanoTime;
  }

  @Override
  public long busyNanos() {
    if (closed) {
      return busyNanos; // final once closed, and published by the volatile write of closed
    }
    synchronized (this) {
      return !closed && entered > 0
          ? busyNanos + System.nanoTime() - lastTransitionNanos
          : busyNanos;
    }
  }

  @Override
  public long idleNanos() {
    if (closed) {
      return idleNanos;
    }
    synchronized (this) {
      return !closed && entered == 0
          ? idleNanos + System.nanoTime() - lastTransitionNanos
          : idleNanos;
    }
  }

  @Override
  public String threadName() {
    ThreadState.Label t = thread;
    return t == null ? null : t.name;
  }

  @Override
  public long threadId() {
    ThreadState.Label t = thread;
    return t == null ? 0 : t.id;
  }

  /** The span is its own extension storage: one object fewer per span. */
  @Override
  public Extensions extensions() {
    return this;
  }

  @Override
  public String toString() {
    return "Span{" + name + ", id=" + id + ", target=" + target + ", level=" + level + "}";
  }
}
