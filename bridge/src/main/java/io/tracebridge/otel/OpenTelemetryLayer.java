package io.tracebridge.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.SchemaUrls;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.Fields;
import io.tracebridge.Level;
import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * A tracebridge {@link Subscriber} layer that turns local spans into OpenTelemetry spans through an
 * {@link OpenTelemetry} instance (the API; which SDK, if any, is the application's choice), the
 * Java counterpart of {@code tracing-opentelemetry}'s layer.
 *
 * <pre>{@code
 * OpenTelemetryLayer otel = OpenTelemetryLayer.builder(openTelemetry).build();
 * Dispatch.setGlobalDefault(Registry.builder().with(otel, EnvFilter.fromEnv()).build());
 * }</pre>
 *
 * <p>Every mapping rule (names, kinds, status, attributes, events, links, limits) is in {@code
 * docs/bridge-mapping.md}. In short: the span name is the local name or the {@code otel.name}
 * field; {@code otel.kind}, {@code otel.status_code} and {@code otel.status_description} set kind
 * and status; other fields become attributes of their native type; events become span events;
 * errors become {@code exception} events and an ERROR status; {@code followsFrom} becomes a link.
 *
 * <p><b>Context.</b> While a local span is entered, {@code Context.current()} holds its
 * OpenTelemetry span, and OpenTelemetry instrumentation parents to it. For a span that took its
 * parent from the current context, that is the span on top of the context current at the enter (as
 * OpenTelemetry's {@code makeCurrent()}: baggage made current before the enter stays visible); for
 * a span whose parent was given (remote, explicit, or root), it is the span on top of that parent's
 * context (a server span makes the baggage it received current). A local span started with no
 * explicit parent takes {@code Context.current()} as its parent, so it nests under OpenTelemetry
 * spans too. The core's cross-thread helpers carry the OpenTelemetry context as well.
 *
 * <p>Use one OpenTelemetry layer per registry. Thread-safe; callbacks never throw into the
 * application.
 */
public final class OpenTelemetryLayer implements Subscriber {
  /** Extension key under which each local span keeps its {@link OtelSpanState}. */
  static final Object STATE_KEY = new Object();

  /** The default cap on attributes per span: OpenTelemetry SDK's {@code SpanLimits} default. */
  public static final int DEFAULT_MAX_ATTRIBUTES = 128;

  /** The default cap on events per span: OpenTelemetry SDK's {@code SpanLimits} default. */
  public static final int DEFAULT_MAX_EVENTS = 128;

  private static final Logger LOG = Logger.getLogger(OpenTelemetryLayer.class.getName());
  private static final AttributeKey<Long> THREAD_ID = AttributeKey.longKey("thread.id");
  private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

  static {
    ContextSnapshot.register(OtelContextParticipant.INSTANCE);
  }

  /**
   * The schema URL of tracebridge's own instrumentation scopes: the semantic-conventions version
   * its integrations' attributes follow (1.45.0), as OpenTelemetry's instrumentations record
   * theirs.
   */
  static final String SCHEMA_URL = SchemaUrls.V1_45_0;

  /** The tracer of spans whose target gets no scope of its own (see {@link #scopeFor}). */
  final Tracer tracer;

  /** The instrumentation scope name of {@link #tracer}. */
  private final String tracerScopeName;

  private final TracerProvider tracerProvider;
  private final boolean scopePerTarget;
  private final ConcurrentHashMap<String, TargetScope> scopesByTarget = new ConcurrentHashMap<>();

  /** The most targets that get an instrumentation scope of their own; later ones share one. */
  static final int MAX_SCOPES = 10_000;

  /**
   * The version of the tracebridge artifacts, from a resource Maven fills in; "unknown" if absent.
   */
  static final String VERSION = readVersion();

  final int maxAttributes;
  final int maxEvents;
  final boolean timingAttributes;
  final boolean integrationExtras;
  private final LoggerProvider logs;
  private final boolean threadAttributes;
  final boolean codeAttributes;
  private final boolean targetAndLevelAttributes;
  final CodeLocations code =
      new CodeLocations(
          (target, name) -> {
            if (firstTime("callsites")) {
              LOG.warning(
                  "more than "
                      + CodeLocations.MAX_CALLSITES
                      + " distinct span callsites (target and span name; first past it: '"
                      + target
                      + "' / '"
                      + name
                      + "'); their code attributes are found by a stack walk per span, not"
                      + " cached. Span names should not be built from data (put the data in a"
                      + " field), or turn codeAttributes off");
            }
          });
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final LongAdder orphansForwarded = new LongAdder();
  private final LongAdder orphansDropped = new LongAdder();
  private final LongAdder lateForwarded = new LongAdder();
  private final LongAdder lateDropped = new LongAdder();
  private final LongAdder inSpanForwarded = new LongAdder();
  private final LongAdder inSpanDropped = new LongAdder();
  final LongAdder eventsOverSpanCap = new LongAdder();
  final LongAdder attributesOverSpanCap = new LongAdder();
  private final boolean spanEventsAsLogRecords;
  private final boolean orphansAsLogRecords;

  private OpenTelemetryLayer(Builder b) {
    this.tracerProvider = b.openTelemetry.getTracerProvider();
    this.tracer =
        tracerProvider.tracerBuilder(b.scopeName).setInstrumentationVersion(b.scopeVersion).build();
    this.tracerScopeName = b.scopeName;
    this.scopePerTarget = b.scopePerTarget;
    this.logs = b.openTelemetry.getLogsBridge();
    this.spanEventsAsLogRecords = b.spanEventsAsLogRecords;
    this.orphansAsLogRecords = b.eventsAsLogRecords;
    this.maxAttributes = b.maxAttributes;
    this.maxEvents = b.maxEvents;
    this.threadAttributes = b.threadAttributes;
    this.codeAttributes = b.codeAttributes;
    this.timingAttributes = b.timingAttributes;
    this.integrationExtras = b.integrationExtras;
    this.targetAndLevelAttributes = b.targetAndLevelAttributes;
  }

  /**
   * Returns a builder for a layer that creates spans through {@code openTelemetry}.
   *
   * @param openTelemetry the OpenTelemetry instance, e.g. an {@code OpenTelemetrySdk}
   * @return a new builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Returns how many events inside spans were emitted as OpenTelemetry log records, with {@link
   * Builder#spanEventsAsLogRecords} on.
   *
   * @return the count
   */
  public long forwardedSpanEventLogs() {
    return inSpanForwarded.sum();
  }

  /**
   * Returns how many events inside spans were dropped, with {@link Builder#spanEventsAsLogRecords}
   * on, because no logs SDK is configured (the {@link OpenTelemetry} instance's logs bridge is the
   * no-op one).
   *
   * @return the count
   */
  public long droppedSpanEventLogs() {
    return inSpanDropped.sum();
  }

  /**
   * Returns how many events were dropped because their span already held {@link
   * Builder#maxEventsPerSpan} events. The SDK never sees them, so its own count of dropped events
   * cannot include them. {@code OtelSetup} (module tracebridge-otel-setup) reports it at shutdown.
   *
   * @return the count
   */
  public long droppedEventsOverSpanCap() {
    return eventsOverSpanCap.sum();
  }

  /**
   * Returns how many attribute values were dropped because their span already held {@link
   * Builder#maxAttributesPerSpan} keys and theirs was a new one. {@code OtelSetup} (module
   * tracebridge-otel-setup) reports it at shutdown.
   *
   * @return the count
   */
  public long droppedAttributesOverSpanCap() {
    return attributesOverSpanCap.sum();
  }

  /**
   * Returns how many events outside any span were emitted as OpenTelemetry log records.
   *
   * @return the count
   */
  public long forwardedOrphanEvents() {
    return orphansForwarded.sum();
  }

  /**
   * Returns how many events outside any span were dropped because no logs SDK is configured (the
   * {@link OpenTelemetry} instance's logs bridge is the no-op one), or the layer was built with
   * {@link Builder#eventsAsLogRecords} off. {@code OtelSetup} (module tracebridge-otel-setup)
   * reports it at shutdown.
   *
   * @return the count
   */
  public long droppedOrphanEvents() {
    return orphansDropped.sum();
  }

  /**
   * Returns how many events of work that outlived its span (its OpenTelemetry span had ended) were
   * emitted as OpenTelemetry log records carrying that span's context.
   *
   * @return the count
   */
  public long forwardedLateEvents() {
    return lateForwarded.sum();
  }

  /**
   * Returns how many events of work that outlived its span were dropped because no logs SDK is
   * configured, or the layer was built with {@link Builder#eventsAsLogRecords} off. {@code
   * OtelSetup} (module tracebridge-otel-setup) reports it at shutdown.
   *
   * @return the count
   */
  public long droppedLateEvents() {
    return lateDropped.sum();
  }

  /**
   * Returns what the layer keeps for {@code target} (see {@link TargetScope}), made at its first
   * span or event. As OpenTelemetry's log appenders use the logger name, each target is its own
   * instrumentation scope: the OkHttp client's spans are in scope {@code io.tracebridge.okhttp},
   * the user's in their class name. Targets under {@code io.tracebridge} carry the tracebridge
   * version; others none. With an explicit {@link Builder#instrumentationScope}, spans share {@link
   * #tracer}. Returns {@code null} past {@link #MAX_SCOPES} targets, which then share {@link
   * #tracer} and build their event attributes each time.
   */
  TargetScope scopeFor(String target) {
    TargetScope found = scopesByTarget.get(target);
    if (found != null) {
      return found;
    }
    if (scopesByTarget.size() >= MAX_SCOPES) {
      if (firstTime("scopes")) {
        LOG.warning(
            "more than "
                + MAX_SCOPES
                + " distinct targets; spans of further targets (first: '"
                + target
                + "') are put in the instrumentation scope '"
                + tracerScopeName
                + "' instead of their own. Targets should not be built from data");
      }
      return null;
    }
    return scopesByTarget.computeIfAbsent(
        target, t -> new TargetScope(scopePerTarget ? newTracer(t) : tracer, t));
  }

  private Tracer newTracer(String target) {
    var builder = tracerProvider.tracerBuilder(target);
    if (target.equals("io.tracebridge") || target.startsWith("io.tracebridge.")) {
      // tracebridge's own instrumentation: its version, and the conventions its attributes follow
      builder.setInstrumentationVersion(VERSION).setSchemaUrl(SCHEMA_URL);
    }
    return builder.build();
  }

  private static String readVersion() {
    try (InputStream in =
        OpenTelemetryLayer.class.getResourceAsStream("tracebridge-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static OtelSpanState stateOf(SpanData span) {
    Object state = span.extensions().get(STATE_KEY);
    return state instanceof OtelSpanState ? (OtelSpanState) state : null;
  }

  /** Returns the state of {@code span} or of its nearest ancestor this layer saw. */
  static OtelSpanState nearestState(SpanData span) {
    for (SpanData s = span; s != null; s = s.parent()) {
      OtelSpanState state = stateOf(s);
      if (state != null) {
        return state;
      }
    }
    return null;
  }

  @Override
  public void onNewSpan(SpanData span) {
    OtelSpanState state = new OtelSpanState(this, span, parentOf(span));
    List<SpanData> causes = span.followsFrom();
    for (int i = 0; i < causes.size(); i++) {
      OtelSpanState causeState = stateOf(causes.get(i));
      if (causeState != null) {
        state.addLink(causeState.spanContext());
      }
    }
    span.extensions().put(STATE_KEY, state);
  }

  private static Context parentOf(SpanData span) {
    if (span.isExplicitRoot()) {
      return Context.root();
    }
    if (span.isContextual()) {
      // The local parent, if any, is entered on this thread, so its OpenTelemetry span is current,
      // unless OpenTelemetry instrumentation started a span inside it: then that one is the parent.
      return Context.current();
    }
    OtelSpanState parent = nearestState(span.parent());
    return parent == null ? Context.root() : parent.context();
  }

  /**
   * Sets the optional thread, code and target/level attributes on {@code builder}, before the
   * fields, which override them.
   */
  void putExtraAttributes(
      SpanData span, Attributes codeLocation, SpanBuilder builder, boolean threads) {
    if (threadAttributes && threads) {
      builder.setAttribute(THREAD_ID, span.threadId());
      builder.setAttribute(THREAD_NAME, span.threadName());
    }
    if (codeLocation != null) {
      builder.setAllAttributes(codeLocation);
    }
    if (targetAndLevelAttributes) {
      builder.setAttribute(TargetScope.TARGET, span.target());
      builder.setAttribute(TargetScope.LEVEL, span.level().name());
    }
  }

  @Override
  public void onEnter(SpanData span) {
    OtelSpanState state = stateOf(span);
    if (state != null) {
      Context current = Context.current(); // one storage read serves both
      ThreadScopes local = ThreadScopes.of(current);
      state.scopes = local.push(span.id(), state.entered(current, local));
    }
  }

  @Override
  public void onExit(SpanData span) {
    OtelSpanState state = stateOf(span);
    if (state != null) {
      ThreadScopes.pop(span.id(), state.scopes);
    }
  }

  @Override
  public void onRecord(SpanData span, Fields values) {
    OtelSpanState state = stateOf(span);
    if (state != null) {
      state.record(values);
    }
  }

  @Override
  public void onFollowsFrom(SpanData span, SpanData follows) {
    OtelSpanState state = stateOf(span);
    OtelSpanState cause = stateOf(follows);
    if (state != null && cause != null) {
      state.addLink(cause.spanContext());
    }
  }

  /**
   * An event in a local span becomes a span event; if that span's OpenTelemetry span has ended
   * (work that outlived it), a log record in its context. Outside any local span, an event becomes
   * a span event of the current OpenTelemetry span if one is recording (code mixing both APIs),
   * else a log record in the current context.
   */
  @Override
  public void onEvent(EventData event) {
    OtelSpanState state = event.parent() == null ? null : nearestState(event.parent());
    if (state != null) {
      if (!(spanEventsAsLogRecords ? state.logged(event) : state.event(event))) {
        forwardAsLog(event, state.context(), orphansAsLogRecords, lateForwarded, lateDropped);
      } else if (spanEventsAsLogRecords) {
        forwardAsLog(event, state.context(), true, inSpanForwarded, inSpanDropped);
      }
      return;
    }
    Context current = Context.current();
    Span otelSpan = Span.fromContext(current);
    if (otelSpan.isRecording() && !SdkClocks.hasEnded(otelSpan)) {
      // On that span's clock, now (the event has just been made); the status is not ours to set.
      long onItsClock = SdkClocks.epochNanosAt(otelSpan, System.nanoTime());
      SpanEvents.add(
          otelSpan,
          event,
          onItsClock == SdkClocks.UNKNOWN ? event.epochNanos() : onItsClock,
          false,
          scopeFor(event.target()));
      return;
    }
    forwardAsLog(event, current, orphansAsLogRecords, orphansForwarded, orphansDropped);
  }

  @Override
  public void onClose(SpanData span) {
    OtelSpanState state = stateOf(span);
    if (state != null) {
      state.end();
    }
  }

  /**
   * Sends an event to the OpenTelemetry Logs API in {@code context}, counting it in {@code
   * forwarded}, or counts it in {@code dropped} if that path is off ({@code wanted} false) or there
   * is no logs SDK.
   */
  private void forwardAsLog(
      EventData event, Context context, boolean wanted, LongAdder forwarded, LongAdder dropped) {
    if (!wanted || logs == LoggerProvider.noop()) {
      dropped.increment();
      return;
    }
    AttributesBuilder attributes = Attributes.builder();
    FieldAttributes fields = FieldAttributes.of(event.fields());
    try {
      fields.putAll(attributes);
      if (!fields.errors.isEmpty()) {
        Exceptions.put(fields.errors.get(0), attributes);
      }
    } finally {
      fields.release();
    }
    LogRecordBuilder record =
        logs.get(event.target())
            .logRecordBuilder()
            .setTimestamp(event.epochNanos(), TimeUnit.NANOSECONDS)
            .setSeverity(severity(event.level()))
            .setSeverityText(event.level().name())
            .setBody(event.message())
            .setAllAttributes(attributes.build())
            .setContext(context);
    record.emit();
    forwarded.increment();
  }

  private static Severity severity(Level level) {
    switch (level) {
      case TRACE:
        return Severity.TRACE;
      case DEBUG:
        return Severity.DEBUG;
      case INFO:
        return Severity.INFO;
      case WARN:
        return Severity.WARN;
      default:
        return Severity.ERROR;
    }
  }

  SpanKind parseKind(String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "server":
        return SpanKind.SERVER;
      case "client":
        return SpanKind.CLIENT;
      case "producer":
        return SpanKind.PRODUCER;
      case "consumer":
        return SpanKind.CONSUMER;
      case "internal":
        return SpanKind.INTERNAL;
      default:
        warnOnce(
            "kind:" + value,
            "unknown otel.kind '"
                + value
                + "' (expected server, client, producer, consumer or internal); using internal");
        return SpanKind.INTERNAL;
    }
  }

  StatusCode parseStatus(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "ok":
        return StatusCode.OK;
      case "error":
        return StatusCode.ERROR;
      case "unset":
        return null;
      default:
        warnOnce(
            "status:" + value,
            "unknown otel.status_code '" + value + "' (expected ok or error); ignored");
        return null;
    }
  }

  /** Logs {@code message} at WARNING the first time {@code key} is seen by this layer. */
  void warnOnce(String key, String message) {
    if (firstTime(key)) {
      LOG.warning(message);
    }
  }

  /**
   * Returns {@code true} the first time {@code key} is seen by this layer: for a warning whose text
   * should be built only then, on a path that keeps meeting its cause. Allocates nothing after.
   */
  private boolean firstTime(String key) {
    return warned.size() < 1_000 && warned.add(key);
  }

  @Override
  public String toString() {
    return "OpenTelemetryLayer";
  }

  /** Configures an {@link OpenTelemetryLayer}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private String scopeName = "io.tracebridge";
    private String scopeVersion = VERSION;
    private boolean scopePerTarget = true;
    private int maxAttributes = DEFAULT_MAX_ATTRIBUTES;
    private int maxEvents = DEFAULT_MAX_EVENTS;
    private boolean threadAttributes = true;
    private boolean codeAttributes = true;
    private boolean timingAttributes = true;
    private boolean integrationExtras;
    private boolean targetAndLevelAttributes;
    private boolean eventsAsLogRecords = true;
    private boolean spanEventsAsLogRecords;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Puts every span in one instrumentation scope. By default each span's target is its scope, as
     * OpenTelemetry's log appenders do with logger names (the OkHttp client's spans are in {@code
     * io.tracebridge.okhttp} with the tracebridge version, the user's in their class name).
     *
     * @param name the scope name
     * @param version the scope version
     * @return this builder
     */
    public Builder instrumentationScope(String name, String version) {
      this.scopeName = Objects.requireNonNull(name, "name");
      this.scopeVersion = Objects.requireNonNull(version, "version");
      this.scopePerTarget = false;
      return this;
    }

    /**
     * Sets the most attributes one span carries (default 128, as the SDK's {@code SpanLimits});
     * further new attribute keys are dropped.
     *
     * @param max the cap, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxAttributesPerSpan(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxAttributesPerSpan must be >= 0, was " + max);
      }
      this.maxAttributes = max;
      return this;
    }

    /**
     * Sets the most events one span carries (default 128, as the SDK's {@code SpanLimits}); further
     * events are dropped.
     *
     * @param max the cap, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Builder maxEventsPerSpan(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxEventsPerSpan must be >= 0, was " + max);
      }
      this.maxEvents = max;
      return this;
    }

    /**
     * Sets whether spans carry {@code thread.id} and {@code thread.name} of the thread that started
     * them (default on).
     *
     * @param enabled whether to add them
     * @return this builder
     */
    public Builder threadAttributes(boolean enabled) {
      this.threadAttributes = enabled;
      return this;
    }

    /**
     * Sets whether spans carry {@code code.function.name}, {@code code.file.path} and {@code
     * code.line.number} of the code that created them (default on). They are found once per
     * callsite (target and span name) with a stack walk, then cached.
     *
     * @param enabled whether to add them
     * @return this builder
     */
    public Builder codeAttributes(boolean enabled) {
      this.codeAttributes = enabled;
      return this;
    }

    /**
     * Sets whether spans carry {@code busy_ns} and {@code idle_ns} when they end (default on).
     *
     * @param enabled whether to add them
     * @return this builder
     */
    public Builder timingAttributes(boolean enabled) {
      this.timingAttributes = enabled;
      return this;
    }

    /**
     * Sets whether the spans of tracebridge's integrations (the OkHttp client, the JDK HTTP server
     * and gRPC, which mark their spans with the control field {@code otel.integration=true}) also
     * carry {@code thread.*}, {@code code.*} and {@code busy_ns}/{@code idle_ns} (default off: they
     * carry what OpenTelemetry's own instrumentation carries, so dashboards and bills match). The
     * user's own spans follow {@link #threadAttributes}, {@link #codeAttributes} and {@link
     * #timingAttributes}.
     *
     * @param enabled whether integration spans carry the extras too
     * @return this builder
     */
    public Builder integrationSpanExtras(boolean enabled) {
      this.integrationExtras = enabled;
      return this;
    }

    /**
     * Sets whether spans carry the local {@code target} and {@code level} (default off). Events
     * always carry them.
     *
     * @param enabled whether to add them
     * @return this builder
     */
    public Builder targetAndLevelAttributes(boolean enabled) {
      this.targetAndLevelAttributes = enabled;
      return this;
    }

    /**
     * Sets whether events no span can take (outside any span, or of work that outlived its span)
     * become OpenTelemetry log records (default on). Turn it off when the logs SDK exports nowhere;
     * they are then dropped and counted ({@link OpenTelemetryLayer#droppedOrphanEvents()}, {@link
     * OpenTelemetryLayer#droppedLateEvents()}) instead of vanishing. {@code OtelSetup} (module
     * tracebridge-otel-setup) does so when {@code OTEL_LOGS_EXPORTER=none}.
     *
     * @param enabled whether to emit them as log records
     * @return this builder
     */
    public Builder eventsAsLogRecords(boolean enabled) {
      this.eventsAsLogRecords = enabled;
      return this;
    }

    /**
     * Sets whether events inside spans become OpenTelemetry log records in the span's context
     * (trace id and span id set, severity from the level, the message as body, the fields as
     * attributes) instead of span events (default off: span events, as {@code
     * tracing-opentelemetry} makes them). An event that implies an error still sets the span's
     * status. The log records go through the {@link OpenTelemetry} instance's logs bridge; if that
     * is the no-op one (no logs SDK, or {@code OTEL_LOGS_EXPORTER=none} through {@code OtelSetup}),
     * the events are dropped and counted ({@link OpenTelemetryLayer#droppedSpanEventLogs()}).
     *
     * @param enabled whether events inside spans become log records
     * @return this builder
     */
    public Builder spanEventsAsLogRecords(boolean enabled) {
      this.spanEventsAsLogRecords = enabled;
      return this;
    }

    /**
     * Builds the layer.
     *
     * @return the layer
     */
    public OpenTelemetryLayer build() {
      return new OpenTelemetryLayer(this);
    }
  }
}
