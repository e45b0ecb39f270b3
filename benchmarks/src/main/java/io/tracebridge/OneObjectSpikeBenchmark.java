package io.tracebridge;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.tracebridge.benchmarks.BenchOtel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Not a peer and not shipped code: a measuring device for issue 22, a spike of the one-object span
 * that docs/performance.md budgets ("The byte budget of one object per span"). One object is the
 * local span, the OpenTelemetry layer's state, the span's first frame and the span's own
 * OpenTelemetry context. It does, per span and per event, the work tracebridge does at the
 * benchmarks' configuration: the tracer's level check, one thread-local, a span id from a
 * per-thread block, the clock anchor, a field table kept beside the attributes, a lock at the start
 * and at the close, the frame's compare-and-set on close, busy and idle time, the layer reached
 * through a registry's mask loop, the SDK builder given the local start, a root's new SDK clock
 * read back, the event guard's two atomic adds and its cap, the end handed to the SDK. What it
 * leaves out (so its figures are a lower bound for that design): cross-thread owed exits (never
 * taken here), the lazy start, errors and status from fields, links, the attribute cap, the
 * re-entry of a span, and any care for a second layer. {@code ...StraightToSdk...} also keeps no
 * field table: the first direction, which changes what {@code Span.data().fields()}
 * returns. See docs/performance.md, "A spike of one object per span".
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OneObjectSpikeBenchmark {
  private static final Tracer TRACER = Tracer.forClass(OneObjectSpikeBenchmark.class);
  private static final String TARGET_NAME = OneObjectSpikeBenchmark.class.getName();

  /** The layer's side of the span, reached the way a registry reaches its layers. */
  interface SpikeLayer {
    void onNewSpanEntered(SpikeSpan span, SpanBuilder preset);

    void onExit(SpikeSpan span);

    void onClose(SpikeSpan span);

    void onEvent(SpikeSpan span, String message, FieldTable fields, long epochNanos);
  }

  /** A registry of one layer behind a mask, as tracebridge's is when the OTel layer is alone. */
  static final class SpikeRegistry {
    final SpikeLayer[] layers;
    final long mask;

    SpikeRegistry(SpikeLayer... layers) {
      this.layers = layers;
      this.mask = (1L << layers.length) - 1;
    }

    void onNewSpanEntered(SpikeSpan span, SpanBuilder preset) {
      for (int i = 0; i < layers.length; i++) {
        if ((mask & (1L << i)) != 0) {
          layers[i].onNewSpanEntered(span, preset);
        }
      }
    }

    void onExitAndClose(SpikeSpan span) {
      for (int i = 0; i < layers.length; i++) {
        if ((mask & (1L << i)) != 0) {
          layers[i].onExit(span);
        }
      }
      for (int i = 0; i < layers.length; i++) {
        if ((mask & (1L << i)) != 0) {
          layers[i].onClose(span);
        }
      }
    }

    void onEvent(SpikeSpan span, String message, FieldTable fields, long epochNanos) {
      for (int i = 0; i < layers.length; i++) {
        if ((mask & (1L << i)) != 0) {
          layers[i].onEvent(span, message, fields, epochNanos);
        }
      }
    }
  }

  /** The one thread-local: the stack of entered spans and the thread's block of span ids. */
  static final class Holder {
    private static final ThreadLocal<Holder> LOCAL = ThreadLocal.withInitial(Holder::new);
    private static final AtomicLong ID_BLOCKS = new AtomicLong();
    final Thread thread = Thread.currentThread();
    SpikeSpan top;
    long nextId;
    long idLimit;
    final FieldTable eventFields = new FieldTable();

    long nextSpanId() {
      if (nextId == idLimit) {
        nextId = ID_BLOCKS.getAndAdd(ThreadState.ID_BLOCK) + 1;
        idLimit = nextId + ThreadState.ID_BLOCK;
      }
      return nextId++;
    }

    SpikeSpan liveTop() {
      SpikeSpan s = top;
      while (s != null && s.frameState != LIVE) {
        s = s.prev;
      }
      top = s;
      return s;
    }
  }

  private static final int LIVE = 0;
  private static final int EXITED = 1;
  private static final long IN_FLIGHT_ONE = 1L << 40;
  private static final long COUNT_MASK = IN_FLIGHT_ONE - 1;
  private static final long EVENT_CAP = 128;
  private static final VarHandle FRAME_STATE;
  private static final VarHandle EVENT_WORD;

  /** OpenTelemetry's key for the span in a context, learnt from {@code Span.storeInContext}. */
  static final ContextKey<Span> SPAN_KEY;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FRAME_STATE = lookup.findVarHandle(SpikeSpan.class, "frameState", int.class);
      EVENT_WORD = lookup.findVarHandle(SpikeSpan.class, "eventWord", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    ContextKey<?>[] seen = new ContextKey<?>[1];
    Span.getInvalid()
        .storeInContext(
            new Context() {
              @Override
              public <V> V get(ContextKey<V> key) {
                return null;
              }

              @Override
              public <V> Context with(ContextKey<V> key, V value) {
                seen[0] = key;
                return this;
              }
            });
    @SuppressWarnings("unchecked")
    ContextKey<Span> key = (ContextKey<Span>) seen[0];
    SPAN_KEY = key;
  }

  /** The one object per span, and its own OpenTelemetry context. */
  static final class SpikeSpan implements Context, AutoCloseable {
    final SpikeRegistry registry;
    final String name;
    final long id;
    final SpikeSpan parent;
    final EpochClock.Anchor anchor;
    final long startNanoTime;
    final FieldTable table;
    final Holder owner;
    SpikeSpan prev;
    volatile int frameState;
    boolean started;
    volatile boolean closed;
    int entered;
    long lastTransitionNanos;
    long busyNanos;
    long idleNanos;
    // the layer's state
    Context parentContext;
    volatile Span otel;
    Scope scope;
    long shift;
    volatile long eventWord;
    volatile boolean ended;

    SpikeSpan(SpikeRegistry registry, String name, FieldTable table, Holder owner) {
      this.registry = registry;
      this.name = name;
      this.table = table;
      this.owner = owner;
      this.id = owner.nextSpanId();
      this.parent = owner.liveTop();
      long now = System.nanoTime();
      this.startNanoTime = now;
      this.anchor = parent == null ? EpochClock.anchor(now) : parent.anchor;
      synchronized (this) {
        started = true;
        entered = 1;
        lastTransitionNanos = now;
      }
      this.prev = owner.top;
      owner.top = this;
    }

    /** Starts and enters a span as {@code TRACER.infoSpan(name).entered()} does. */
    static SpikeSpan entered(SpikeRegistry registry, String name, FieldTable fields) {
      if (!TRACER.isEnabled(Level.INFO)) {
        return null;
      }
      SpikeSpan span = new SpikeSpan(registry, name, fields, Holder.LOCAL.get());
      registry.onNewSpanEntered(span, null);
      return span;
    }

    /**
     * Starts and enters a span whose fields went straight into the SDK's builder and are not kept
     * by the local span: the design the first direction describes, which changes what
     * {@code Span.data().fields()} returns.
     */
    static SpikeSpan enteredWith(SpikeRegistry registry, String name, SpanBuilder preset) {
      SpikeSpan span = new SpikeSpan(registry, name, null, Holder.LOCAL.get());
      registry.onNewSpanEntered(span, preset);
      return span;
    }

    /** Emits an event in the current span as {@code TRACER.info(message)} does. */
    static void event(String message, FieldTable fields) {
      if (!TRACER.isEnabled(Level.INFO)) {
        return;
      }
      SpikeSpan current = Holder.LOCAL.get().liveTop();
      if (current != null) {
        long at = current.anchor.epochNanosAt(System.nanoTime());
        current.registry.onEvent(current, message, fields, at);
      }
    }

    long startEpochNanos() {
      return anchor.epochNanosAt(startNanoTime);
    }

    @Override
    public void close() {
      boolean onOwner = Thread.currentThread() == owner.thread;
      if (!FRAME_STATE.compareAndSet(this, LIVE, EXITED)) {
        return;
      }
      if (onOwner && owner.top == this) {
        owner.top = prev;
      }
      long now = System.nanoTime();
      synchronized (this) {
        if (!closed && entered > 0 && --entered == 0) {
          busyNanos += now - lastTransitionNanos;
          lastTransitionNanos = now;
        }
        closed = true;
      }
      registry.onExitAndClose(this);
    }

    @Override
    public <V> V get(ContextKey<V> key) {
      if (key == SPAN_KEY) {
        @SuppressWarnings("unchecked")
        V span = (V) otel;
        return span;
      }
      return parentContext.get(key);
    }

    @Override
    public <V> Context with(ContextKey<V> key, V value) {
      return parentContext.with(SPAN_KEY, otel).with(key, value);
    }
  }

  /** The OpenTelemetry layer's work on the one object. */
  static final class SpikeOtelLayer implements SpikeLayer {
    private final io.opentelemetry.api.trace.Tracer tracer;
    private final Attributes eventAttributes;
    private final ConcurrentHashMap<String, AttributeKey<?>> keys = new ConcurrentHashMap<>();

    SpikeOtelLayer(io.opentelemetry.api.trace.Tracer tracer) {
      this.tracer = tracer;
      this.eventAttributes =
          Attributes.of(
              EnabledSpanBenchmark.LEVEL, "INFO", EnabledSpanBenchmark.TARGET, TARGET_NAME);
    }

    @SuppressWarnings("unchecked")
    <T> AttributeKey<T> key(String name, java.util.function.Function<String, ?> make) {
      return (AttributeKey<T>) keys.computeIfAbsent(name, n -> (AttributeKey<?>) make.apply(n));
    }

    @Override
    public void onNewSpanEntered(SpikeSpan span, SpanBuilder preset) {
      Context current = Context.current();
      Context parentContext = span.parent != null && current != span.parent ? span.parent : current;
      SpanBuilder builder =
          (preset != null ? preset : tracer.spanBuilder(span.name))
              .setParent(parentContext)
              .setStartTimestamp(span.startEpochNanos(), TimeUnit.NANOSECONDS);
      if (span.table != null) {
        span.table.visit(
            new FieldVisitor() {
              @Override
              public void visitLong(String name, long value) {
                builder.setAttribute(key(name, AttributeKey::longKey), value);
              }

              @Override
              public void visitDouble(String name, double value) {
                builder.setAttribute(key(name, AttributeKey::doubleKey), value);
              }

              @Override
              public void visitBoolean(String name, boolean value) {
                builder.setAttribute(key(name, AttributeKey::booleanKey), value);
              }

              @Override
              public void visitString(String name, String value) {
                builder.setAttribute(key(name, AttributeKey::stringKey), value);
              }
            });
      }
      Span otel = builder.startSpan();
      synchronized (span) {
        span.parentContext = parentContext;
        span.otel = otel;
        if (span.parent == null) {
          // a root's new SDK clock, read back as the bridge does to keep it behind the local start
          span.shift = SpikeClocks.shiftOf(otel, span.startNanoTime, span.startEpochNanos());
        }
      }
      span.scope = span.makeCurrent();
    }

    @Override
    public void onExit(SpikeSpan span) {
      span.scope.close();
    }

    @Override
    public void onClose(SpikeSpan span) {
      long end;
      synchronized (span) {
        span.ended = true;
        while (((long) EVENT_WORD.getVolatile(span) & ~COUNT_MASK) != 0) {
          Thread.onSpinWait();
        }
        end = span.startEpochNanos() + span.busyNanos + span.idleNanos + span.shift;
      }
      span.otel.end(end, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onEvent(SpikeSpan span, String message, FieldTable fields, long epochNanos) {
      Span otel = span.otel;
      long word = (long) EVENT_WORD.getAndAdd(span, IN_FLIGHT_ONE + 1);
      try {
        if (span.ended || (word & COUNT_MASK) >= EVENT_CAP) {
          return;
        }
        Attributes attributes = eventAttributes;
        if (fields != null && fields.size() == 1 && fields.kind(0) == FieldTable.STRING) {
          // one field takes one Attributes.of call, as the bridge's FieldAttributes does
          OneString one = new OneString();
          fields.visit(one);
          attributes =
              Attributes.of(
                  EnabledSpanBenchmark.LEVEL,
                  "INFO",
                  EnabledSpanBenchmark.TARGET,
                  TARGET_NAME,
                  key(one.name, AttributeKey::stringKey),
                  one.value);
        } else if (fields != null && !fields.isEmpty()) {
          var b = eventAttributes.toBuilder();
          fields.visit(
              new FieldVisitor() {
                @Override
                public void visitString(String name, String value) {
                  b.put(key(name, AttributeKey::stringKey), value);
                }
              });
          attributes = b.build();
        }
        otel.addEvent(message, attributes, epochNanos + span.shift, TimeUnit.NANOSECONDS);
      } finally {
        EVENT_WORD.getAndAdd(span, -IN_FLIGHT_ONE);
      }
    }
  }

  /** Reads the one string field of an event. */
  static final class OneString implements FieldVisitor {
    String name;
    String value;

    @Override
    public void visitString(String name, String value) {
      this.name = name;
      this.value = value;
    }
  }

  /** The SDK span's clock, read the way the bridge's {@code SdkClocks} reads it. */
  static final class SpikeClocks {
    private static final VarHandle CLOCK;
    private static final VarHandle EPOCH;
    private static final VarHandle NANO;

    static {
      try {
        Class<?> sdkSpan = Class.forName("io.opentelemetry.sdk.trace.SdkSpan");
        MethodHandles.Lookup inSpan =
            MethodHandles.privateLookupIn(sdkSpan, MethodHandles.lookup());
        Class<?> anchored = sdkSpan.getDeclaredField("clock").getType();
        MethodHandles.Lookup inClock =
            MethodHandles.privateLookupIn(anchored, MethodHandles.lookup());
        CLOCK = inSpan.findVarHandle(sdkSpan, "clock", anchored);
        EPOCH = inClock.findVarHandle(anchored, "epochNanos", long.class);
        NANO = inClock.findVarHandle(anchored, "nanoTime", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /**
     * Returns how far the span's new SDK clock runs ahead of the local one at the start, if at all.
     */
    static long shiftOf(Span otel, long startNanoTime, long localStart) {
      Object clock = CLOCK.get(otel);
      long own = (long) EPOCH.get(clock) + (startNanoTime - (long) NANO.get(clock));
      return Math.max(0, own - localStart);
    }
  }

  static final SpikeOtelLayer LAYER = new SpikeOtelLayer(BenchOtel.OTEL_TRACER);
  static final SpikeRegistry REGISTRY = new SpikeRegistry(LAYER);

  long userId = 42;
  boolean premium = true;
  String currency = "EUR";

  /**
   * Installs the shared SDK and our layer, so the tracer's level check sees an {@code info} filter.
   */
  @Setup
  public void setUp() {
    BenchOtel.install();
  }

  /**
   * Span + 3 fields + 1 event through the one object, its fields kept in a local table as
   * tracebridge keeps them.
   *
   * @return the span, for JMH to consume
   */
  @Benchmark
  public Object spikeSpanWithFieldsAndEvent() {
    FieldTable fields =
        new FieldTable()
            .putLong("user.id", userId)
            .putBoolean("user.premium", premium)
            .putString("currency", currency);
    try (SpikeSpan span = SpikeSpan.entered(REGISTRY, "checkout", fields)) {
      FieldTable eventFields = Holder.LOCAL.get().eventFields;
      SpikeSpan.event("priced", eventFields.putString("step", "priced"));
      eventFields.clear();
      return span;
    }
  }

  /**
   * The same shape with its fields written straight into the SDK's builder, none kept locally.
   *
   * @return the span, for JMH to consume
   */
  @Benchmark
  public Object spikeSpanWithFieldsStraightToSdkAndEvent() {
    if (!TRACER.isEnabled(Level.INFO)) {
      return null;
    }
    SpanBuilder fields =
        BenchOtel.OTEL_TRACER
            .spanBuilder("checkout")
            // by name, through the layer's key cache, as a field call would
            .setAttribute(LAYER.<Long>key("user.id", AttributeKey::longKey), userId)
            .setAttribute(LAYER.<Boolean>key("user.premium", AttributeKey::booleanKey), premium)
            .setAttribute(LAYER.<String>key("currency", AttributeKey::stringKey), currency);
    try (SpikeSpan span = SpikeSpan.enteredWith(REGISTRY, "checkout", fields)) {
      FieldTable eventFields = Holder.LOCAL.get().eventFields;
      SpikeSpan.event("priced", eventFields.putString("step", "priced"));
      eventFields.clear();
      return span;
    }
  }

  /**
   * Parent + 99 children through the one object.
   *
   * @param bh JMH's sink
   */
  @Benchmark
  public void spikeParentWith99Children(Blackhole bh) {
    try (SpikeSpan parent = SpikeSpan.entered(REGISTRY, "parent", null)) {
      for (int i = 0; i < NestedBenchmark.CHILDREN; i++) {
        try (SpikeSpan child = SpikeSpan.entered(REGISTRY, "child", null)) {
          bh.consume(child);
        }
      }
      bh.consume(parent);
    }
  }

  /**
   * Span + 100 events through the one object.
   *
   * @param bh JMH's sink
   */
  @Benchmark
  public void spikeSpanWith100Events(Blackhole bh) {
    try (SpikeSpan span = SpikeSpan.entered(REGISTRY, "span", null)) {
      for (int i = 0; i < NestedBenchmark.EVENTS; i++) {
        SpikeSpan.event("event", null);
      }
      bh.consume(span);
    }
  }
}
