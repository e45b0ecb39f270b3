package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.tracebridge.Fields;
import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.TraceIds;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry side of one local span, kept in the span's extensions.
 *
 * <p>The OpenTelemetry span starts lazily, at the first of: an enter, a child or link needing its
 * context, {@link OtelBridge#context}, an event, or close. Until then {@link OtelBridge#setParent}
 * can still replace the parent. Nothing is buffered for fields: the local span keeps every field,
 * and recording before the start only updates it, so the start reads the local fields once, as they
 * are by then, for the name, kind, status and attributes. Only links and the errors recorded before
 * the start are buffered, because a later value of the same field would hide an earlier error. The
 * start time is the local span's and the end time the local start plus the local lifetime, read on
 * the SDK's clock where the span nests with SDK spans (see {@link SdkClocks} and
 * docs/bridge-mapping.md, Clocks).
 */
final class OtelSpanState extends EnteredContext implements TraceIds {
  private static final AttributeKey<Long> BUSY = AttributeKey.longKey("busy_ns");
  private static final AttributeKey<Long> IDLE = AttributeKey.longKey("idle_ns");

  /** The most by which a new SDK clock may move a span's end, or make its start wait: 1 ms. */
  static final long MAX_CLOCK_GAP_NANOS = 1_000_000L;

  private final OpenTelemetryLayer layer;
  private final SpanData local;

  /**
   * The scopes of the thread that entered the span last: read without a lock, so possibly another
   * thread's, which {@link ThreadScopes#pop} checks before using them.
   */
  ThreadScopes scopes;

  // Guarded by this.
  private Context parent;
  // Code attributes, found at creation (the stack walk must see the creating call); null if none.
  private Attributes code;
  // What few spans need, made when first needed: see Rare.
  private Rare rare;
  private SpanKind kind = SpanKind.INTERNAL;
  // Whether the span carries busy_ns/idle_ns: decided at the start (an integration span does not).
  private boolean timed;
  // Whether its events leave out level and target (an integration span's): set at the start, read
  // by events after `span` is published.
  private boolean bareEvents;
  // Whether the parent came from the current context at the start (not given explicitly).
  private boolean contextual;
  private volatile boolean statusExplicit;
  private Context context;

  // The OpenTelemetry span's clock (see SdkClocks), fixed at the start and published with `span`:
  // exported time = local time + shift, never before exportedStart. With an SDK parent the span is
  // on
  // that parent's clock; otherwise it keeps the local clock and the SDK's new one (freshClock) only
  // pushes its end out.
  private long shift;
  private long exportedStart;
  private boolean onParentClock;
  private boolean freshClock;

  // Events take no lock once the OpenTelemetry span has started (it is thread-safe itself): `span`
  // is published once, after `recording` (whether the sampler recorded it, which never changes).
  // One atomic word counts both the events admitted so far (low bits: the cap holds exactly under
  // concurrent events) and the events between their check of `ended` and their addEvent (high
  // bits): end() waits for none to be left, so an event either lands before the end or is handed
  // back to the layer, never dropped by the SDK. One read-modify-write per event takes both.
  private volatile Span span;
  private boolean recording;
  // What the layer keeps for the span's target, found at the start and published with `span`;
  // events of the same target use it without a look-up. Null past the layer's cap on targets.
  private TargetScope scope;
  private volatile boolean ended;
  // When this state plays the EnteredContext of the span's first enter (see entered()): what was
  // current beneath, and the entering thread's scopes. Set once, under the lock, before the state
  // is made current; null until then, which EnteredContext reads as "not entered here".
  private Context firstBelow;
  private ThreadScopes firstOwner;
  private volatile long eventWord;

  /** One event in flight, in {@link #eventWord}; the bits below it count admitted events. */
  private static final long IN_FLIGHT_ONE = 1L << 40;

  private static final long COUNT_MASK = IN_FLIGHT_ONE - 1;

  /**
   * The state few spans need, kept apart so that the common span does not carry its fields: links
   * and errors that arrive before the start, and the attribute keys admitted under a small cap.
   * Guarded by the state's lock.
   */
  private static final class Rare {
    List<SpanContext> pendingLinks;
    // Errors recorded before the start, each with the time it was recorded.
    List<Throwable> pendingErrors;
    long[] pendingErrorTimes;
    // Attribute keys admitted so far, only when the layer's cap is below what a local span can
    // carry; otherwise the local span's own field cap already keeps the span within the layer's.
    String[] keys;
    int keyCount;
  }

  private Rare rare() {
    Rare r = rare;
    if (r == null) {
      rare = r = new Rare();
    }
    return r;
  }

  private static final VarHandle EVENT_WORD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      EVENT_WORD = lookup.findVarHandle(OtelSpanState.class, "eventWord", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  OtelSpanState(OpenTelemetryLayer layer, SpanData local, Context parent) {
    this.layer = layer;
    this.local = local;
    this.parent = parent;
    this.contextual = local.isContextual();
    if (layer.codeAttributes
        && !FieldAttributes.optsOutOfCodeAttributes(local.fields(), layer.integrationExtras)) {
      code = layer.code.lookup(local.target(), local.name());
    }
  }

  /** The OpenTelemetry trace id, for other layers (the console); starts the span if needed. */
  @Override
  public String traceId() {
    return spanContext().getTraceId();
  }

  /** The OpenTelemetry span id, for other layers (the console); starts the span if needed. */
  @Override
  public String spanId() {
    return spanContext().getSpanId();
  }

  /** Returns the context holding the OpenTelemetry span, starting it if needed. */
  synchronized Context context() {
    start();
    return context;
  }

  /**
   * Returns the context to make current when the local span is entered on the thread of {@code
   * owner}, starting the OpenTelemetry span if needed. A span that took its parent from the current
   * context gets it the way OpenTelemetry's {@code makeCurrent()} does: on top of what is current
   * now, so baggage made current since the start stays visible. A span whose parent was given (a
   * remote parent through {@link OtelBridge#setParent}, an explicit local parent, an explicit root)
   * gets that parent's context, so a server span makes the baggage it received current.
   *
   * <p>When what is current is still the context the span took its parent from (the common case:
   * {@code entered()} starts and enters at once), that is the span's own context, made once at the
   * start, so the enter makes no second one; and the first such enter is played by this state
   * itself, so it makes no {@link EnteredContext} either.
   *
   * @param current {@code Context.current()} on the entering thread
   * @param owner the entering thread's scopes
   */
  synchronized EnteredContext entered(Context current, ThreadScopes owner) {
    start();
    Context delegate = contextual && current != parent ? current.with(span) : context;
    if (delegate == context && firstOwner == null) {
      firstBelow = current;
      firstOwner = owner;
      return this;
    }
    return new EnteredContext.Copy(delegate, current, local, owner);
  }

  // ---- as the EnteredContext of the span's first enter in its own context

  @Override
  Context delegate() {
    return context;
  }

  @Override
  Context below() {
    return firstBelow;
  }

  @Override
  SpanData enteredSpan() {
    return local;
  }

  @Override
  ThreadScopes owner() {
    return firstOwner;
  }

  /**
   * Returns the OpenTelemetry span's context, starting the span if needed. Once started (the field
   * is set once, volatile) the ids are read without the lock.
   */
  SpanContext spanContext() {
    Span s = span;
    if (s != null) {
      return s.getSpanContext();
    }
    synchronized (this) {
      start();
      return span.getSpanContext();
    }
  }

  /** Replaces the parent if the OpenTelemetry span has not started yet. */
  synchronized boolean setParent(Context newParent) {
    if (span != null) {
      return false;
    }
    parent = newParent;
    contextual = false;
    return true;
  }

  synchronized boolean isStarted() {
    return span != null;
  }

  private void start() {
    if (span != null) {
      return;
    }
    // What the parent reads as on this thread now, settled once: the SDK and the clock choice below
    // read it several times, and an entered context would re-check its thread on every read.
    Context parentNow = EnteredContext.settle(parent);
    FieldAttributes fields = FieldAttributes.of(local.fields());
    SpanBuilder builder;
    List<Throwable> errors;
    StatusCode status;
    String description;
    try {
      String name = fields.otelName != null ? fields.otelName : local.name();
      if (fields.otelKind != null) {
        kind = layer.parseKind(fields.otelKind);
      }
      scope = layer.scopeFor(local.target());
      builder =
          (scope == null ? layer.tracer : scope.tracer)
              .spanBuilder(name)
              .setParent(parentNow)
              .setSpanKind(kind)
              .setStartTimestamp(chooseStart(parentNow), TimeUnit.NANOSECONDS);
      // An integration span (OkHttp, JDK server, gRPC) carries what OpenTelemetry's own
      // instrumentation does, no more, unless the layer was asked for the extras.
      boolean extras = !fields.otelIntegration || layer.integrationExtras;
      timed = layer.timingAttributes && extras;
      bareEvents = !extras;
      if (timed) {
        // Reserved now, set at the end: otherwise a span whose fields fill the attribute limit
        // would lose them.
        admit(BUSY);
        admit(IDLE);
        builder.setAttribute(BUSY, 0L);
        builder.setAttribute(IDLE, 0L);
      }
      layer.putExtraAttributes(local, code, builder, extras);
      for (int i = 0; i < fields.size(); i++) {
        if (admit(fields.key(i))) {
          fields.setOn(i, builder);
        }
      }
      if (rare != null && rare.pendingLinks != null) {
        for (SpanContext link : rare.pendingLinks) {
          builder.addLink(link);
        }
      }
      status = explicitStatus(fields);
      description = fields.otelStatusDescription;
      errors = fields.errors;
    } finally {
      fields.release();
    }
    Span started = builder.startSpan();
    if (!onParentClock) {
      keepNewClockBehind(started);
    }
    recording = started.isRecording();
    context = parentNow.with(started);
    span = started;
    code = null;
    List<Throwable> pendingErrors = null;
    long[] pendingErrorTimes = null;
    if (rare != null) {
      pendingErrors = rare.pendingErrors;
      pendingErrorTimes = rare.pendingErrorTimes;
      rare.pendingLinks = null;
      rare.pendingErrors = null;
      rare.pendingErrorTimes = null;
    }
    // Errors recorded before the start first, in order; then those among the fields at the start
    // that are not one of them (the fields the span was created with).
    if (pendingErrors != null) {
      for (int i = 0; i < pendingErrors.size(); i++) {
        recordErrorLocked(pendingErrors.get(i), pendingErrorTimes[i]);
      }
    }
    for (int i = 0; i < errors.size(); i++) {
      Throwable error = errors.get(i);
      if (pendingErrors == null || !containsSame(pendingErrors, error)) {
        recordErrorLocked(error, local.startEpochNanos()); // given when the span was created
      }
    }
    setExplicitStatus(status, description);
  }

  /**
   * Returns the start to give the SDK. If the parent is an SDK span, the SDK puts this span on the
   * parent's clock, so the start is the local start read on that clock (and never before our own
   * parent's exported start); otherwise the local start. Sets {@link #shift} and {@link
   * #exportedStart}.
   */
  private long chooseStart(Context parentNow) {
    long localStart = local.startEpochNanos();
    Span parentSpan = Span.fromContext(parentNow);
    long parentClockAtStart = SdkClocks.epochNanosAt(parentSpan, local.startNanoTime());
    onParentClock = parentClockAtStart != SdkClocks.UNKNOWN;
    if (!onParentClock) {
      shift = 0;
      exportedStart = localStart;
      return localStart;
    }
    shift = parentClockAtStart - localStart;
    long start = parentClockAtStart;
    OtelSpanState ours = OpenTelemetryLayer.nearestState(local.parent());
    if (ours != null && ours.span == parentSpan && start < ours.exportedStart) {
      start = ours.exportedStart; // the parent's own start was held back (see keepNewClockBehind)
    }
    exportedStart = start;
    return start;
  }

  /**
   * For a span the SDK gave a new clock (no SDK parent): if that clock reads earlier than the local
   * one, a plain OpenTelemetry child started right now would start before this span, so wait (a few
   * microseconds) until the new clock has passed this span's start. Its end is then the later of
   * the two clocks' readings. Clocks further apart than {@link #MAX_CLOCK_GAP_NANOS} mean the wall
   * clock stepped between the two anchors: then neither is done, and the span keeps the local
   * clock.
   */
  private void keepNewClockBehind(Span started) {
    long startNano = local.startNanoTime();
    long own = SdkClocks.epochNanosAt(started, startNano);
    if (own == SdkClocks.UNKNOWN) {
      return;
    }
    long lag = local.startEpochNanos() - own;
    if (Math.abs(lag) > MAX_CLOCK_GAP_NANOS) {
      return;
    }
    freshClock = true;
    if (lag > 0) {
      long until = startNano + lag;
      while (System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Returns a local time as exported: on the OpenTelemetry span's clock, never before its start.
   */
  private long exported(long localEpochNanos) {
    return Math.max(localEpochNanos + shift, exportedStart);
  }

  private static boolean containsSame(List<Throwable> errors, Throwable error) {
    for (Throwable e : errors) {
      if (e == error) {
        return true;
      }
    }
    return false;
  }

  synchronized void record(Fields values) {
    if (ended) {
      return;
    }
    FieldAttributes fields = FieldAttributes.of(values);
    List<Throwable> errors;
    long at = 0;
    try {
      errors = fields.errors;
      if (!errors.isEmpty()) {
        at = localNow();
      }
      if (span == null) {
        // The local span holds the values now; the start reads them. Only errors need keeping.
        for (int i = 0; i < errors.size(); i++) {
          keepPendingError(errors.get(i), at);
        }
        return;
      }
      if (recording) {
        for (int i = 0; i < fields.size(); i++) {
          if (admit(fields.key(i))) {
            fields.setOn(i, span);
          }
        }
      }
      applySpecialAfterStart(fields);
    } finally {
      fields.release();
    }
    for (int i = 0; i < errors.size(); i++) {
      recordErrorLocked(errors.get(i), at);
    }
  }

  /** Returns now on the local span's own clock: its start plus the time it has lived. */
  private long localNow() {
    return local.startEpochNanos() + local.busyNanos() + local.idleNanos();
  }

  private void keepPendingError(Throwable error, long at) {
    Rare r = rare();
    if (r.pendingErrors == null) {
      r.pendingErrors = new ArrayList<>(2);
      r.pendingErrorTimes = new long[2];
    } else if (r.pendingErrors.size() == r.pendingErrorTimes.length) {
      r.pendingErrorTimes = Arrays.copyOf(r.pendingErrorTimes, r.pendingErrorTimes.length * 2);
    }
    r.pendingErrorTimes[r.pendingErrors.size()] = at;
    r.pendingErrors.add(error);
  }

  synchronized void addLink(SpanContext link) {
    if (ended || !link.isValid()) {
      return;
    }
    if (span == null) {
      Rare r = rare();
      if (r.pendingLinks == null) {
        r.pendingLinks = new ArrayList<>(2);
      }
      r.pendingLinks.add(link);
    } else {
      span.addLink(link);
    }
  }

  /**
   * Adds {@code event}; takes the lock only if the OpenTelemetry span has yet to start.
   *
   * @return {@code false} if the OpenTelemetry span has ended, so the event could not be added (the
   *     layer then delivers it another way); {@code true} otherwise, including when the span is not
   *     recording or the event cap dropped it (counted)
   */
  boolean event(EventData event) {
    Span s = span;
    if (s == null) {
      synchronized (this) {
        if (ended) {
          return false;
        }
        start();
        s = span;
      }
    }
    // Counted as admitted before the check of `ended`: a count past the end is never read.
    long word = (long) EVENT_WORD.getAndAdd(this, IN_FLIGHT_ONE + 1);
    try {
      if (ended) {
        return false;
      }
      if (!recording || !admitted(word & COUNT_MASK)) {
        return true;
      }
      String error =
          SpanEvents.add(
              s,
              event,
              exported(event.epochNanos()),
              bareEvents,
              event.target() == local.target() ? scope : layer.scopeFor(event.target()));
      if (error != null) {
        setImplicitError(error);
      }
      return true;
    } finally {
      EVENT_WORD.getAndAdd(this, -IN_FLIGHT_ONE);
    }
  }

  /**
   * For an event sent as a log record in this span's context instead of as a span event: starts the
   * span and sets the error status the event implies, as a span event would.
   *
   * @return {@code false} if the span has ended
   */
  synchronized boolean logged(EventData event) {
    if (ended) {
      return false;
    }
    start();
    if (recording) {
      String error = SpanEvents.impliedError(event);
      if (error != null) {
        setImplicitError(error);
      }
    }
    return true;
  }

  synchronized void end() {
    if (ended) {
      return;
    }
    start();
    ended = true;
    while (eventWord >= IN_FLIGHT_ONE) {
      Thread.onSpinWait(); // an event on another thread is being added: let it land first
    }
    long busy = local.busyNanos();
    long idle = local.idleNanos();
    if (timed && recording) {
      span.setAttribute(BUSY, busy);
      span.setAttribute(IDLE, idle);
    }
    long end = exported(local.startEpochNanos() + busy + idle);
    if (freshClock) {
      long own = SdkClocks.epochNanosAt(span, local.startNanoTime() + busy + idle);
      end = Math.max(end, own); // plain OpenTelemetry children ended by then on that clock
    }
    span.end(end, TimeUnit.NANOSECONDS);
    rare = null; // keep only what links and children need: the context
  }

  /** Counts one more event; returns false, counting it dropped, once the layer's cap is reached. */
  private boolean admitEvent() {
    return admitted((long) EVENT_WORD.getAndAdd(this, 1L) & COUNT_MASK);
  }

  /**
   * Returns whether the event counted {@code before} others may be added; counts it dropped if not.
   */
  private boolean admitted(long before) {
    if (before < layer.maxEvents) {
      return true;
    }
    layer.eventsOverSpanCap.increment();
    return false;
  }

  // ---- under the lock

  /**
   * Returns whether an attribute under {@code key} may be set: always when the layer's cap is at
   * least what one local span can carry, else if the key was admitted before or the cap has room. A
   * new key past the cap is dropped and counted.
   */
  private boolean admit(AttributeKey<?> key) {
    if (layer.maxAttributes >= Fields.MAX_FIELDS) {
      return true;
    }
    String keyName = key.getKey();
    Rare r = rare();
    for (int i = 0; i < r.keyCount; i++) {
      if (r.keys[i].equals(keyName)) {
        return true;
      }
    }
    if (r.keyCount >= layer.maxAttributes) {
      layer.attributesOverSpanCap.increment();
      return false;
    }
    if (r.keys == null) {
      r.keys = new String[Math.min(8, layer.maxAttributes)];
    } else if (r.keyCount == r.keys.length) {
      r.keys = Arrays.copyOf(r.keys, Math.min(r.keys.length * 2, layer.maxAttributes));
    }
    r.keys[r.keyCount++] = keyName;
    return true;
  }

  /**
   * Returns the status the {@code otel.status_*} fields set, or {@code null}; an explicit status
   * wins over the ones errors imply, from now on.
   */
  private StatusCode explicitStatus(FieldAttributes fields) {
    if (fields.otelStatusCode == null && fields.otelStatusDescription == null) {
      return null;
    }
    StatusCode code = layer.parseStatus(fields.otelStatusCode);
    if (code == null && fields.otelStatusDescription != null) {
      code = StatusCode.ERROR; // a description alone only makes sense for an error
    }
    if (code != null) {
      statusExplicit = true;
    }
    return code;
  }

  private void setExplicitStatus(StatusCode code, String description) {
    if (code != null) {
      span.setStatus(code, code == StatusCode.ERROR && description != null ? description : "");
    }
  }

  private void applySpecialAfterStart(FieldAttributes fields) {
    if (!fields.hasSpecialFields()) {
      return;
    }
    if (fields.otelName != null) {
      span.updateName(fields.otelName);
    }
    if (fields.otelKind != null) {
      SpanKind parsed = layer.parseKind(fields.otelKind);
      if (parsed != kind) {
        layer.warnOnce(
            "kind-after-start",
            "otel.kind '"
                + fields.otelKind
                + "' recorded on span '"
                + local.name()
                + "' after its OpenTelemetry span started; the kind cannot change any more");
      }
    }
    setExplicitStatus(explicitStatus(fields), fields.otelStatusDescription);
  }

  /** Adds the exception event at {@code epochNanos}, the time the error was recorded locally. */
  private void recordErrorLocked(Throwable error, long epochNanos) {
    addExceptionEvent(error, epochNanos);
    setImplicitError(Exceptions.describe(error));
  }

  private void addExceptionEvent(Throwable error, long epochNanos) {
    if (!recording || !admitEvent()) {
      return;
    }
    span.addEvent(
        Exceptions.EVENT_NAME,
        Exceptions.put(error, Attributes.builder()).build(),
        exported(epochNanos),
        TimeUnit.NANOSECONDS);
  }

  private void setImplicitError(String description) {
    if (!statusExplicit) {
      span.setStatus(StatusCode.ERROR, description == null ? "" : description);
    }
  }
}
