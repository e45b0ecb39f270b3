package io.tracebridge.otel.setup;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.Dispatch;
import io.tracebridge.Fields;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.internal.Setting;
import io.tracebridge.jul.JulHandler;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.propagation.TracebridgePropagators;
import io.tracebridge.subscriber.Filter;
import io.tracebridge.subscriber.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The one-line application setup: configures the OpenTelemetry SDK from the standard {@code OTEL_*}
 * environment variables and system properties (through OpenTelemetry's autoconfigure), installs the
 * {@link OpenTelemetryLayer} and, by default, the console as tracebridge's global default, and
 * flushes everything when the JVM exits.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   OtelSetup.init();   // OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, TRACEBRIDGE_LOG, ...
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Joining an OpenTelemetry that is there.</b> If a {@code GlobalOpenTelemetry} is already set
 * (the Java agent, a framework, the application), the setup builds no SDK: it exports through that
 * instance, with one INFO line, and leaves its lifecycle to its owner. {@link
 * Builder#openTelemetry} names an instance explicitly. When it builds its own SDK, it registers it
 * globally once everything else is installed; if installing fails after the SDK was built, the SDK
 * is shut down before the exception propagates.
 *
 * <p><b>Two filters.</b> The console and the export each have their own filter, as {@code
 * tracing-subscriber}'s per-layer filters: {@code TRACEBRIDGE_LOG} (default {@code info}) decides
 * what the console prints, and {@code TRACEBRIDGE_EXPORT_LOG} (default {@code info}) what is
 * exported, so {@code TRACEBRIDGE_LOG=warn} quiets the console and still exports every {@code info}
 * span. {@link Builder#consoleFilter} and {@link Builder#exportFilter} set them in code.
 *
 * <p><b>Exporters.</b> {@code OTEL_TRACES_EXPORTER} accepts {@code otlp} (gRPC or HTTP, per {@code
 * OTEL_EXPORTER_OTLP_PROTOCOL}), {@code console}, {@code logging-otlp} (OTLP JSON on the console)
 * and {@code none}. This class is the module {@code tracebridge-otel-setup}, which brings the SDK,
 * autoconfigure and those exporters; the bridge itself needs the OpenTelemetry API only.
 *
 * <p><b>Never in the way.</b> Spans are exported by a batch processor on its own thread, so a slow
 * or missing collector never blocks the application; tracebridge logs one WARNING per failure
 * streak and one INFO on recovery. A span that ends while the batch processor's queue ({@code
 * OTEL_BSP_MAX_QUEUE_SIZE}) is full is dropped and counted by tracebridge in front of it, with one
 * WARNING per overflow; at shutdown, one line per exporter says what was not sent. With {@value
 * #SPOOL_ENV_VAR} (or {@link Builder#exportSpool}) what the OTLP exporter cannot deliver waits on
 * local disk instead, and is sent when the collector is back. OpenTelemetry's own loggers ({@code
 * io.opentelemetry.*}, through {@code java.util.logging}) are left as the application configured
 * them: tracebridge neither silences nor reads them. On JVM exit, a shutdown hook flushes finished
 * spans, so the last trace of a short-lived program is not lost; {@link #close()} does the same
 * explicitly. (The {@code console} and {@code logging-otlp} exporters write through {@code
 * java.util.logging}, whose own shutdown hook may close its handlers first; with them, call {@link
 * #close()} before exiting.)
 *
 * <p><b>Once.</b> Installing is idempotent: a second {@link Builder#install()} returns the setup
 * already installed and ignores its own settings (logged at INFO). If another tracebridge global
 * default was set first, install fails with an {@link IllegalStateException}.
 */
public final class OtelSetup implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OtelSetup.class.getName());

  /**
   * The environment variable with the export filter's directives (the console's is
   * TRACEBRIDGE_LOG).
   */
  public static final String EXPORT_ENV_VAR = "TRACEBRIDGE_EXPORT_LOG";

  /** The system property with the export filter's directives; it wins over the variable. */
  public static final String EXPORT_PROPERTY = "tracebridge.export.log";

  /** What is exported when neither the property nor the variable is set: {@code info}. */
  public static final String DEFAULT_EXPORT_DIRECTIVES = "info";

  /** The environment variable with the most time shutdown waits for the last spans to export. */
  public static final String FLUSH_TIMEOUT_ENV_VAR = "TRACEBRIDGE_FLUSH_TIMEOUT";

  /** The environment variable that turns events inside spans into log records: true or false. */
  public static final String EVENTS_AS_LOG_RECORDS_ENV_VAR = "TRACEBRIDGE_EVENTS_AS_LOG_RECORDS";

  /** The system property for the same; it wins over the environment variable. */
  public static final String EVENTS_AS_LOG_RECORDS_PROPERTY = "tracebridge.events.as_log_records";

  /**
   * The environment variable that turns the export spool on: a directory where spans the collector
   * cannot take wait on disk until it can, in a subdirectory per {@code service.name} (see
   * docs/reliability.md). One process per service and directory.
   */
  public static final String SPOOL_ENV_VAR = "TRACEBRIDGE_EXPORT_SPOOL";

  /** The system property for the same; it wins over the environment variable. */
  public static final String SPOOL_PROPERTY = "tracebridge.export.spool";

  /**
   * The environment variable with the spool's cap on disk: bytes, or with KiB, MiB or GiB (default
   * 64MiB). At the cap the oldest spooled spans are dropped, and counted.
   */
  public static final String SPOOL_MAX_BYTES_ENV_VAR = "TRACEBRIDGE_EXPORT_SPOOL_MAX_BYTES";

  /** The system property for the same; it wins over the environment variable. */
  public static final String SPOOL_MAX_BYTES_PROPERTY = "tracebridge.export.spool.max_bytes";

  /** The system property with the flush timeout; it wins over the variable. */
  public static final String FLUSH_TIMEOUT_PROPERTY = "tracebridge.flush.timeout";

  /**
   * How long shutdown waits for the last spans by default: 2 s, so a program with no collector
   * exits promptly; what is not exported by then is counted in the one line logged at shutdown.
   */
  public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Parses a flush timeout: a whole number with the unit {@code ms} or {@code s} ({@code 500ms},
   * {@code 2s}).
   *
   * @throws IllegalArgumentException naming the value and where it came from
   */
  static Duration parseFlushTimeout(String value, String origin) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        origin + "='" + value + "' is not a duration (expected e.g. 500ms or 2s)");
  }

  private static boolean spanEventsAsLogRecordsFromEnv() {
    return Setting.bool(EVENTS_AS_LOG_RECORDS_PROPERTY, EVENTS_AS_LOG_RECORDS_ENV_VAR, false);
  }

  private static Duration flushTimeoutFromEnv() {
    Setting setting = Setting.read(FLUSH_TIMEOUT_PROPERTY, FLUSH_TIMEOUT_ENV_VAR);
    return setting == null
        ? DEFAULT_FLUSH_TIMEOUT
        : parseFlushTimeout(setting.value(), setting.origin());
  }

  private static OtelSetup installed;

  /**
   * The SDK this setup built and owns, or {@code null} if it joined an instance it does not own.
   */
  private final OpenTelemetrySdk sdk;

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetryLayer layer;
  private final Registry registry;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<ExportQueueGate> gates;
  private final List<FailureStreakExporter> exporters;
  private final long flushTimeoutNanos;
  // Whether this setup installed the JUL handler, and so removes it on close.
  private volatile boolean routesJavaUtilLogging;

  private OtelSetup(
      OpenTelemetrySdk sdk,
      OpenTelemetry openTelemetry,
      OpenTelemetryLayer layer,
      Registry registry,
      List<ExportQueueGate> gates,
      List<FailureStreakExporter> exporters,
      long flushTimeoutNanos) {
    this.sdk = sdk;
    this.flushTimeoutNanos = flushTimeoutNanos;
    this.openTelemetry = openTelemetry;
    this.gates = gates;
    this.exporters = exporters;
    this.layer = layer;
    this.registry = registry;
    this.shutdownHook = new Thread(this::shutdown, "tracebridge-otel-shutdown");
  }

  /**
   * Installs the default setup: OpenTelemetry from {@code OTEL_*} (or the {@code
   * GlobalOpenTelemetry} already set), the bridge filtered by {@code TRACEBRIDGE_EXPORT_LOG}, and
   * the console filtered by {@code TRACEBRIDGE_LOG}.
   *
   * @return the installed setup
   * @throws IllegalArgumentException if {@code TRACEBRIDGE_LOG}, {@code TRACEBRIDGE_EXPORT_LOG} or
   *     {@code tracebridge.max_level} is malformed; the message names the setting and the value
   * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException if an {@code OTEL_*}
   *     setting is malformed (OpenTelemetry autoconfigure's message names it)
   * @throws IllegalStateException if another tracebridge global default was set first
   */
  public static OtelSetup init() {
    return builder().install();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the setup installed in this JVM.
   *
   * @return the setup, or {@code null} if none was installed
   */
  public static synchronized @Nullable OtelSetup installed() {
    return installed;
  }

  /**
   * Returns the OpenTelemetry instance spans are exported through: the SDK this setup built, or the
   * one it joined (already registered globally, or given to {@link Builder#openTelemetry}).
   *
   * @return the instance
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * Returns whether this setup built its own SDK (and so flushes and shuts it down), rather than
   * joining an instance someone else owns.
   *
   * @return whether the SDK is this setup's
   */
  public boolean ownsSdk() {
    return sdk != null;
  }

  /**
   * Returns the bridge layer.
   *
   * @return the layer
   */
  public OpenTelemetryLayer layer() {
    return layer;
  }

  /**
   * Returns the registry installed as tracebridge's global default.
   *
   * @return the registry
   */
  public Registry registry() {
    return registry;
  }

  /**
   * Exports every finished span now, waiting up to {@code timeout}.
   *
   * @param timeout how long to wait
   * @param unit the unit of {@code timeout}
   * @return {@code true} if the flush completed successfully in time
   */
  public boolean flush(long timeout, TimeUnit unit) {
    OpenTelemetry target = sdk != null ? sdk : openTelemetry;
    if (!(target instanceof OpenTelemetrySdk)) {
      return true; // a joined instance that is not the SDK (the agent's): its owner flushes it
    }
    return ((OpenTelemetrySdk) target)
        .getSdkTracerProvider()
        .forceFlush()
        .join(timeout, unit)
        .isSuccess();
  }

  /**
   * Flushes finished spans and shuts the SDK down (waiting up to 10 seconds). Idempotent; the
   * shutdown hook does the same on JVM exit.
   */
  @Override
  public void close() {
    shutdown();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | SecurityException e) {
      // the JVM is already shutting down: the hook is running or has run
    }
  }

  private void shutdown() {
    if (closed.compareAndSet(false, true)) {
      if (routesJavaUtilLogging) {
        JulHandler.uninstall();
      }
      if (sdk == null) {
        flush(
            flushTimeoutNanos,
            TimeUnit.NANOSECONDS); // a joined instance is its owner's to shut down
        logLostEvents();
        return;
      }
      sdk.shutdown().join(flushTimeoutNanos, TimeUnit.NANOSECONDS);
      logExportSummary();
      logLostEvents();
    }
  }

  /**
   * One line if events were lost for want of a logs SDK, one if spans' caps dropped events or
   * attributes, one if spans or events dropped field names, one if context participants failed;
   * silence otherwise.
   */
  private void logLostEvents() {
    long names = Fields.droppedNameCount();
    if (names > 0) {
      warnEvenAtShutdown(
          "fields at shutdown: "
              + names
              + " field name(s) were dropped because their span or event already held "
              + Fields.MAX_FIELDS
              + " (Fields.MAX_FIELDS); field names should not be built from data");
    }
    long participants = ContextSnapshot.participantFailureCount();
    if (participants > 0) {
      warnEvenAtShutdown(
          "context at shutdown: a ContextSnapshot participant threw "
              + participants
              + " time(s), so its piece of context was not carried or not undone (the first"
              + " failure of each participant was logged)");
    }
    long overEvents = layer.droppedEventsOverSpanCap();
    long overAttributes = layer.droppedAttributesOverSpanCap();
    if (overEvents > 0 || overAttributes > 0) {
      warnEvenAtShutdown(
          "spans at shutdown: "
              + overEvents
              + " event(s) and "
              + overAttributes
              + " attribute value(s) were dropped because their span was full"
              + " (OpenTelemetryLayer maxEventsPerSpan / maxAttributesPerSpan, by default "
              + OpenTelemetryLayer.DEFAULT_MAX_EVENTS
              + " / "
              + OpenTelemetryLayer.DEFAULT_MAX_ATTRIBUTES
              + ", as the SDK's span limits)");
    }
    long orphans = layer.droppedOrphanEvents();
    long late = layer.droppedLateEvents();
    if (orphans > 0 || late > 0) {
      warnEvenAtShutdown(
          "events at shutdown: "
              + orphans
              + " outside any span and "
              + late
              + " of work that outlived its span were dropped, because they can only go to the"
              + " OpenTelemetry Logs API and logs are not exported (no logs SDK, or"
              + " OTEL_LOGS_EXPORTER=none)");
    }
  }

  /**
   * One line per exporter that did not send every span: how many ended, were exported, were lost in
   * failed exports, were dropped because the export queue was full, and were never sent (still
   * queued or being exported when the flush ended). Silence when everything was sent. Every figure
   * comes from tracebridge's own wrappers ({@link ExportQueueGate}, {@link FailureStreakExporter}).
   */
  private void logExportSummary() {
    for (FailureStreakExporter exporter : exporters) {
      ExportQueueGate gate = gateOf(exporter);
      long ended = gate != null ? gate.offered() : exporter.handedSpans();
      long dropped = gate != null ? gate.dropped() : 0;
      if (exporter.delegate() instanceof SpoolingExporter spooling) {
        logSpoolSummary(exporter, spooling, ended, dropped);
        continue;
      }
      long exported = exporter.exportedSpans();
      long failed = exporter.failedSpans();
      long neverSent = Math.max(0, ended - dropped - exported - failed);
      if (failed > 0 || dropped > 0 || neverSent > 0) {
        warnEvenAtShutdown(
            "span export to "
                + exporter
                + " at shutdown: "
                + ended
                + " span(s) ended, "
                + exported
                + " exported, "
                + failed
                + " lost in failed exports, "
                + dropped
                + " dropped because the export queue was full, "
                + neverSent
                + " never sent (still queued or being exported when the flush ended)");
      }
    }
  }

  /**
   * The export summary with a spool: what went straight to the collector, to the spool, and what
   * became of the spool's content. Each part adds up exactly: ended = sent directly + spooled +
   * refused by the cap + lost + dropped at the queue + never sent; restored + spooled = delivered +
   * dropped at the cap + corrupt + left for the next start.
   */
  private static void logSpoolSummary(
      FailureStreakExporter exporter, SpoolingExporter spooling, long ended, long dropped) {
    SpanSpool spool = spooling.spool();
    long direct = spooling.sentDirectly();
    long spooled = spool.spooledSpans();
    long refused = spool.refusedSpans();
    long lost = spooling.lostSpans();
    long neverSent = Math.max(0, ended - dropped - direct - spooled - refused - lost);
    long left = spool.spansHeld();
    if (spooled + refused + lost + dropped + neverSent + spool.restoredSpans() == 0) {
      return; // everything went straight to the collector
    }
    warnEvenAtShutdown(
        "span export to "
            + exporter
            + " at shutdown: "
            + ended
            + " span(s) ended, "
            + direct
            + " sent directly, "
            + spooled
            + " spooled, "
            + (refused + lost)
            + " lost (batches larger than the spool's cap, or the spool unwritable), "
            + dropped
            + " dropped because the export queue was full, "
            + neverSent
            + " never sent; spool "
            + spool.directory()
            + ": "
            + spool.restoredSpans()
            + " from an earlier run, "
            + spool.deliveredSpans()
            + " delivered from it, "
            + spool.cappedSpans()
            + " dropped at its cap of "
            + spool.maxBytes()
            + " bytes, "
            + spool.corruptSpans()
            + " in unreadable files, "
            + left
            + " left in it for the next start");
  }

  /** The gate in front of the batch processor that exports through {@code exporter}, if any. */
  private ExportQueueGate gateOf(FailureStreakExporter exporter) {
    for (ExportQueueGate gate : gates) {
      if (gate.exportsThrough(exporter)) {
        return gate;
      }
    }
    return null;
  }

  /**
   * Logs a WARNING; if {@code java.util.logging} has already been reset by its own shutdown hook
   * (it then has no handlers), writes the line to standard error instead, so it is not lost.
   */
  private static void warnEvenAtShutdown(String message) {
    if (Logger.getLogger("").getHandlers().length == 0 && LOG.getHandlers().length == 0) {
      System.err.println("WARNING: " + message);
    } else {
      LOG.warning(message);
    }
  }

  private static final String PROPAGATORS = "otel.propagators";

  /** The batch processor's queue size setting, and autoconfigure's default for it. */
  private static final String MAX_QUEUE_SIZE = "otel.bsp.max.queue.size";

  private static final int DEFAULT_MAX_QUEUE_SIZE = 2048;
  private static final List<String> STANDARD = List.of("tracecontext", "baggage");

  /** Configures an {@link OtelSetup}. Not thread-safe. */
  public static final class Builder {
    private boolean console = true;
    private FmtLayer consoleLayer;
    private Filter consoleFilter;
    private Filter exportFilter;
    private boolean registerGlobalOpenTelemetry = true;
    private boolean openTelemetryPropagators;
    private OpenTelemetry explicitOpenTelemetry;
    private Duration flushTimeout;
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, String> resourceDefaults = new LinkedHashMap<>();
    private Consumer<OpenTelemetryLayer.Builder> layerCustomizer = b -> {};
    private final List<Subscriber> extraLayers = new ArrayList<>();
    private boolean routeJavaUtilLogging;
    private Boolean spanEventsAsLogRecords;
    private java.nio.file.Path spoolDirectory;
    private Long spoolMaxBytes;

    private Builder() {}

    /**
     * Sets whether the console layer is installed (default on), configured by {@code
     * TRACEBRIDGE_LOG_FORMAT}.
     *
     * @param enabled whether to print spans and events on the console
     * @return this builder
     */
    public Builder console(boolean enabled) {
      this.console = enabled;
      return this;
    }

    /**
     * Installs {@code layer} as the console instead of the one configured from the environment.
     *
     * @param layer the console layer
     * @return this builder
     */
    public Builder console(FmtLayer layer) {
      this.consoleLayer = Objects.requireNonNull(layer, "layer");
      this.console = true;
      return this;
    }

    /**
     * Sets one filter for both the console and the export; see {@link #consoleFilter} and {@link
     * #exportFilter} to set them apart.
     *
     * @param filter the filter
     * @return this builder
     */
    public Builder filter(Filter filter) {
      this.consoleFilter = Objects.requireNonNull(filter, "filter");
      this.exportFilter = filter;
      return this;
    }

    /**
     * Sets the console's filter (default {@link EnvFilter#fromEnv()}: {@code TRACEBRIDGE_LOG}, else
     * {@code info}). It does not affect what is exported.
     *
     * @param filter the filter
     * @return this builder
     */
    public Builder consoleFilter(Filter filter) {
      this.consoleFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Sets the filter of what is exported to OpenTelemetry, and of the layers added with {@link
     * #addLayer} (default: the system property {@value #EXPORT_PROPERTY}, else the environment
     * variable {@value #EXPORT_ENV_VAR}, else {@code info}). It does not affect the console, so
     * quieting the console never stops export.
     *
     * @param filter the filter
     * @return this builder
     */
    public Builder exportFilter(Filter filter) {
      this.exportFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * Sets an OpenTelemetry property default, used only when neither the system property nor the
     * environment variable sets it, e.g. {@code defaultProperty("otel.traces.exporter", "none")}.
     *
     * @param key the property, in system-property form ({@code otel.traces.exporter})
     * @param value the default value
     * @return this builder
     */
    public Builder defaultProperty(String key, String value) {
      defaults.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets a resource attribute default, e.g. {@code resourceDefault("service.version", "1.4.2")}:
     * the resource gets it unless {@code OTEL_RESOURCE_ATTRIBUTES} (or a resource detector) already
     * sets that key, which then wins. Only for an SDK this setup builds; a joined instance keeps
     * its own resource.
     *
     * @param key the attribute key, e.g. {@code service.version} or {@code host.name}
     * @param value the value
     * @return this builder
     */
    public Builder resourceDefault(String key, String value) {
      resourceDefaults.put(
          Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets whether the SDK is also registered as {@code GlobalOpenTelemetry}, for OpenTelemetry
     * instrumentation that looks it up there (default on).
     *
     * @param enabled whether to register it
     * @return this builder
     */
    public Builder registerGlobalOpenTelemetry(boolean enabled) {
      this.registerGlobalOpenTelemetry = enabled;
      return this;
    }

    /**
     * Sets the most time shutdown waits for the last spans to export (default {@value
     * #FLUSH_TIMEOUT_PROPERTY} / {@value #FLUSH_TIMEOUT_ENV_VAR}, else 2 s). What is not exported
     * by then is counted in one line at shutdown.
     *
     * @param timeout the timeout, zero or more
     * @return this builder
     */
    public Builder flushTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("flushTimeout must not be negative, was " + timeout);
      }
      this.flushTimeout = timeout;
      return this;
    }

    /**
     * Exports through {@code openTelemetry} instead of building an SDK: for an application that
     * builds its own. The setup then neither registers it globally nor shuts it down; {@code
     * OTEL_*} settings are that instance's business.
     *
     * @param openTelemetry the instance to export through
     * @return this builder
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.explicitOpenTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Sets whether the standard {@code OTEL_PROPAGATORS} names ({@code tracecontext}, {@code
     * baggage}, {@code b3}, {@code b3multi}, {@code jaeger}) mean OpenTelemetry's own
     * implementations (default off: they mean tracebridge's, which need no extra jar and pass the
     * W3C edge cases OpenTelemetry's do not; see docs/propagation.md). With it on, {@code b3},
     * {@code b3multi} and {@code jaeger} need {@code opentelemetry-extension-trace-propagators}.
     *
     * @param enabled whether to use OpenTelemetry's propagators for the standard names
     * @return this builder
     */
    public Builder useOpenTelemetryPropagators(boolean enabled) {
      this.openTelemetryPropagators = enabled;
      return this;
    }

    /**
     * Adjusts the bridge layer's options.
     *
     * @param customizer receives the layer builder
     * @return this builder
     */
    public Builder customizeLayer(Consumer<OpenTelemetryLayer.Builder> customizer) {
      this.layerCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Adds another layer to the installed registry, behind the export filter.
     *
     * @param layer the layer
     * @return this builder
     */
    public Builder addLayer(Subscriber layer) {
      extraLayers.add(Objects.requireNonNull(layer, "layer"));
      return this;
    }

    /**
     * Sets whether events inside spans become OpenTelemetry log records in the span's context
     * instead of span events (default: {@value #EVENTS_AS_LOG_RECORDS_PROPERTY} / {@value
     * #EVENTS_AS_LOG_RECORDS_ENV_VAR}, else off). See {@link
     * OpenTelemetryLayer.Builder#spanEventsAsLogRecords}. With {@code OTEL_LOGS_EXPORTER=none}
     * turning it on fails {@link #install()}, since every event would be lost.
     *
     * @param enabled whether events inside spans become log records
     * @return this builder
     */
    public Builder spanEventsAsLogRecords(boolean enabled) {
      this.spanEventsAsLogRecords = enabled;
      return this;
    }

    /**
     * Turns on the export spool under {@code directory} (default: {@value #SPOOL_PROPERTY} /
     * {@value #SPOOL_ENV_VAR}, else off), in a subdirectory named after the service ({@code
     * service.name}), so several services can share one volume. Spans the OTLP exporter fails to
     * send wait there, on disk, and are delivered in order once the collector takes them again,
     * also by the next start of the service. Only one process may use a service's directory at a
     * time: a second one fails {@link #install()}. Applies to the OTLP exporter of an SDK this
     * setup builds; otherwise it is reported as ignored.
     *
     * @param directory the spool directory, created if missing
     * @return this builder
     */
    public Builder exportSpool(java.nio.file.Path directory) {
      this.spoolDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Sets the spool's cap on disk (default: {@value #SPOOL_MAX_BYTES_PROPERTY} / {@value
     * #SPOOL_MAX_BYTES_ENV_VAR}, else 64 MiB). At the cap the oldest spooled spans are dropped and
     * counted; at least 64 KiB.
     *
     * @param maxBytes the cap in bytes
     * @return this builder
     */
    public Builder exportSpoolMaxBytes(long maxBytes) {
      this.spoolMaxBytes = maxBytes;
      return this;
    }

    /**
     * Sets whether {@code java.util.logging} records (gRPC's and OkHttp's among them) become
     * tracebridge events in the current span (default off): a {@link JulHandler} on JUL's root
     * logger, removed again by {@link OtelSetup#close()}. JUL's own levels and handlers are left as
     * they are.
     *
     * @param enabled whether to route JUL records into tracebridge
     * @return this builder
     */
    public Builder routeJavaUtilLogging(boolean enabled) {
      this.routeJavaUtilLogging = enabled;
      return this;
    }

    /**
     * Builds the SDK and installs everything, or returns the setup already installed.
     *
     * @return the installed setup
     * @throws IllegalArgumentException if a tracebridge setting ({@code TRACEBRIDGE_LOG}, {@code
     *     TRACEBRIDGE_EXPORT_LOG}, {@code tracebridge.max_level}) is malformed; the message names
     *     it
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException if an {@code OTEL_*}
     *     setting is malformed (OpenTelemetry autoconfigure's message names it); nothing is left
     *     running
     * @throws IllegalStateException if another tracebridge global default was set first
     */
    public OtelSetup install() {
      synchronized (OtelSetup.class) {
        if (installed != null) {
          LOG.info("OtelSetup is already installed; returning the existing setup");
          return installed;
        }
        if (Dispatch.hasGlobalDefault()) {
          throw new IllegalStateException(
              "cannot install OtelSetup: a tracebridge global default subscriber is already set;"
                  + " install OtelSetup instead of calling Dispatch.setGlobalDefault or"
                  + " FmtLayer.init");
        }
        Filter forConsole = consoleFilter != null ? consoleFilter : EnvFilter.fromEnv();
        Filter forExport =
            exportFilter != null
                ? exportFilter
                : EnvFilter.fromEnv(EXPORT_PROPERTY, EXPORT_ENV_VAR, DEFAULT_EXPORT_DIRECTIVES);
        FmtLayer consoleOut =
            console ? (consoleLayer != null ? consoleLayer : FmtLayer.fromEnv()) : null;
        Duration flushWait = flushTimeout != null ? flushTimeout : flushTimeoutFromEnv();
        OpenTelemetry joined = explicitOpenTelemetry;
        if (joined == null && GlobalOpenTelemetry.isSet()) {
          joined = GlobalOpenTelemetry.get();
          LOG.info(
              "GlobalOpenTelemetry is already set (by the Java agent, a framework or the"
                  + " application), so tracebridge exports through it instead of building an SDK;"
                  + " OTEL_* settings are that instance's");
        }
        SpoolSettings spoolSettings = SpoolSettings.resolve(spoolDirectory, spoolMaxBytes);
        if (joined != null) {
          if (spoolSettings != null) {
            LOG.warning(
                "the export spool ("
                    + spoolSettings.directory()
                    + ") is ignored: tracebridge exports through an OpenTelemetry it did not build,"
                    + " whose exporters are its owner's");
          }
          return installOn(
              null,
              joined,
              consoleOut,
              forConsole,
              forExport,
              List.of(),
              List.of(),
              true,
              flushWait);
        }
        // tracebridge makes no metrics: do not export an empty stream to a collector (Jaeger, for
        // one, rejects it every minute) unless the user asks for metrics.
        Map<String, String> withDefaults = new LinkedHashMap<>();
        withDefaults.put("otel.metrics.exporter", "none");
        withDefaults.putAll(defaults);
        boolean[] logsExported = {true};
        List<FailureStreakExporter> exporters = new CopyOnWriteArrayList<>();
        List<ExportQueueGate> gates = new CopyOnWriteArrayList<>();
        List<SpanExporter> simplyExported = new CopyOnWriteArrayList<>();
        List<SpoolingExporter> spooling = new CopyOnWriteArrayList<>();
        // autoconfigure wraps what a customizer throws in "Unexpected configuration error": keep
        // ours, whose message names the directory, to throw it unwrapped
        RuntimeException[] spoolFailure = {null};
        var autoconfigure =
            AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> withDefaults)
                .addPropertiesCustomizer(
                    config ->
                        openTelemetryPropagators
                            ? Map.of()
                            : Map.of(
                                PROPAGATORS,
                                TracebridgePropagators.toRegisteredNames(
                                    config.getList(PROPAGATORS, STANDARD))))
                .addResourceCustomizer(
                    (resource, config) -> {
                      if (resourceDefaults.isEmpty()) {
                        return resource;
                      }
                      var extra = Attributes.builder();
                      resourceDefaults.forEach(extra::put);
                      // merge(): the argument wins on a clash, so what the configuration set stays
                      return Resource.create(extra.build()).merge(resource);
                    })
                .addSpanExporterCustomizer(
                    (exporter, config) -> {
                      SpanExporter sent = exporter;
                      if (spoolSettings != null
                          && spooling.isEmpty()
                          && exporter.getClass().getSimpleName().startsWith("Otlp")
                          && !exporter.getClass().getSimpleName().contains("Logging")) {
                        // One directory per service under the configured one, so services can
                        // share a volume; two processes of one service still cannot share.
                        SpanSpool spool;
                        try {
                          spool =
                              SpanSpool.open(
                                  spoolSettings
                                      .directory()
                                      .resolve(
                                          SpoolSettings.serviceDirectory(config, resourceDefaults)),
                                  spoolSettings.maxBytes());
                        } catch (RuntimeException e) {
                          spoolFailure[0] = e;
                          throw e;
                        }
                        SpoolingExporter spooled = new SpoolingExporter(exporter, spool);
                        spooling.add(spooled);
                        sent = spooled;
                      }
                      FailureStreakExporter watched = new FailureStreakExporter(sent);
                      exporters.add(watched);
                      return watched;
                    })
                .addSpanProcessorCustomizer(
                    (processor, config) -> {
                      if (processor instanceof SimpleSpanProcessor simple) {
                        simplyExported.add(simple.getSpanExporter());
                      }
                      if (!(processor instanceof BatchSpanProcessor batch)) {
                        return processor;
                      }
                      ExportQueueGate gate =
                          new ExportQueueGate(
                              batch, config.getInt(MAX_QUEUE_SIZE, DEFAULT_MAX_QUEUE_SIZE));
                      gates.add(gate);
                      return gate;
                    })
                .addLoggerProviderCustomizer(
                    (provider, config) -> {
                      logsExported[0] =
                          !config
                              .getList("otel.logs.exporter", List.of("otlp"))
                              .equals(List.of("none"));
                      return provider;
                    })
                .disableShutdownHook();
        OpenTelemetrySdk sdk;
        try {
          sdk = autoconfigure.build().getOpenTelemetrySdk();
        } catch (RuntimeException | Error e) {
          spooling.forEach(SpoolingExporter::shutdown);
          if (spoolFailure[0] != null) {
            throw spoolFailure[0];
          }
          throw e;
        }
        if (spoolSettings != null && spooling.isEmpty()) {
          LOG.warning(
              "the export spool ("
                  + spoolSettings.directory()
                  + ") is ignored: no OTLP span exporter is configured (OTEL_TRACES_EXPORTER)");
        }
        for (ExportQueueGate gate : gates) {
          gate.exportsThrough(batchedExporters(gate, exporters, simplyExported));
        }
        try {
          OtelSetup setup =
              installOn(
                  sdk,
                  sdk,
                  consoleOut,
                  forConsole,
                  forExport,
                  List.copyOf(gates),
                  List.copyOf(exporters),
                  logsExported[0],
                  flushWait);
          if (registerGlobalOpenTelemetry) {
            registerGlobally(sdk);
          }
          LOG.info(
              exporters.isEmpty()
                  ? "tracebridge: traces are not exported (OTEL_TRACES_EXPORTER=none)"
                  : "tracebridge: traces go to "
                      + String.join(", ", exporters.stream().map(Object::toString).toList()));
          return setup;
        } catch (RuntimeException | Error e) {
          sdk.shutdown().join(10, TimeUnit.SECONDS); // never leave a half-built SDK running
          throw e;
        }
      }
    }

    /**
     * The exporters {@code gate}'s batch processor hands its batches to: its exporter if that is
     * one of ours, else (a composite of several) every exporter of ours that no simple processor
     * took.
     */
    private static List<FailureStreakExporter> batchedExporters(
        ExportQueueGate gate,
        List<FailureStreakExporter> exporters,
        List<SpanExporter> simplyExported) {
      SpanExporter target = gate.batchExporter();
      if (target instanceof FailureStreakExporter single) {
        return List.of(single);
      }
      return exporters.stream().filter(e -> !simplyExported.contains(e)).toList();
    }

    /**
     * Registers {@code sdk} globally, unless someone registered another meanwhile (then keeps it
     * local).
     */
    private static void registerGlobally(OpenTelemetrySdk sdk) {
      try {
        GlobalOpenTelemetry.set(sdk);
      } catch (IllegalStateException raced) {
        LOG.warning(
            "GlobalOpenTelemetry was set by someone else while OtelSetup was building its SDK;"
                + " tracebridge exports through its own SDK, which is not registered globally");
      }
    }

    /** Installs the layer on {@code target} (with the console) as tracebridge's global default. */
    private OtelSetup installOn(
        OpenTelemetrySdk owned,
        OpenTelemetry target,
        FmtLayer consoleOut,
        Filter forConsole,
        Filter forExport,
        List<ExportQueueGate> gates,
        List<FailureStreakExporter> exporters,
        boolean logsExported,
        Duration flushWait) {
      boolean spanEventsAsLogs =
          spanEventsAsLogRecords != null ? spanEventsAsLogRecords : spanEventsAsLogRecordsFromEnv();
      if (spanEventsAsLogs && !logsExported) {
        throw new IllegalArgumentException(
            "events inside spans are to become log records ("
                + EVENTS_AS_LOG_RECORDS_ENV_VAR
                + "=true or spanEventsAsLogRecords(true)), but OTEL_LOGS_EXPORTER=none exports no"
                + " logs: every event would be lost. Set OTEL_LOGS_EXPORTER (e.g. otlp) or keep"
                + " events as span events");
      }
      // Integrations built before this call follow it too (they resolve the propagator at use).
      TracebridgePropagators.setDefault(target.getPropagators().getTextMapPropagator());
      // A logs SDK that exports nowhere would swallow events silently: count them dropped instead.
      OpenTelemetryLayer.Builder layerBuilder =
          OpenTelemetryLayer.builder(target)
              .eventsAsLogRecords(logsExported)
              .spanEventsAsLogRecords(spanEventsAsLogs);
      layerCustomizer.accept(layerBuilder);
      OpenTelemetryLayer layer = layerBuilder.build();
      Registry.Builder registry = Registry.builder().with(layer, forExport);
      if (consoleOut != null) {
        registry.with(consoleOut, forConsole);
      }
      for (Subscriber extra : extraLayers) {
        registry.with(extra, forExport);
      }
      Registry built = registry.build();
      OtelSetup setup =
          new OtelSetup(owned, target, layer, built, gates, exporters, flushWait.toNanos());
      Dispatch.setGlobalDefault(built);
      if (routeJavaUtilLogging) {
        JulHandler.install();
        setup.routesJavaUtilLogging = true;
      }
      if (owned != null) {
        Runtime.getRuntime().addShutdownHook(setup.shutdownHook);
      }
      installed = setup;
      return setup;
    }
  }
}
