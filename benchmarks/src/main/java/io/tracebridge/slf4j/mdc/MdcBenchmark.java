package io.tracebridge.slf4j.mdc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.benchmarks.BenchLogback;
import io.tracebridge.benchmarks.BenchOtel;
import io.tracebridge.benchmarks.NullOutput;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.subscriber.Subscriber;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slf4j.LoggerFactory;

/**
 * The cost of trace ids in Logback lines: a span around one INFO line whose pattern prints {@code
 * %X{trace_id}} and {@code %X{span_id}}, with the ids ({@code mdc=on}) and without ({@code
 * mdc=off}). Ours keeps the MDC in step on enter and exit ({@link MdcLayer}); OpenTelemetry's
 * {@code opentelemetry-logback-mdc-1.0} adds the ids to each event in an appender that wraps the
 * console one. The upkeep is on minus off, on each side, in the same run; {@code idle-layer} splits
 * ours into the MDC work and the cost of any second layer.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MdcBenchmark {
  static {
    // SLF4J's MDC must be Logback's on both sides; with several providers in the benchmarks jar,
    // name it rather than leave it to the class path order.
    System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
  }

  private static final Tracer TRACER = Tracer.forClass(MdcBenchmark.class);

  /**
   * {@code off}: no ids; {@code on}: ids (ours through MdcLayer, OpenTelemetry's through its
   * appender); {@code idle-layer}: no ids, but a second layer that does nothing, so that on minus
   * idle-layer is the MDC work alone; {@code otel-appender}: OpenTelemetry's appender on both
   * sides, which prints tracebridge spans' ids too (their OpenTelemetry context is current).
   */
  @Param({"off", "idle-layer", "on", "otel-appender"})
  public String mdc;

  private final NullOutput tracebridgeOut = new NullOutput();
  private final NullOutput otelOut = new NullOutput();
  private Logger tracebridgeSide;
  private Logger otelSide;

  @Setup
  public void setUp() {
    boolean layer = mdc.equals("on");
    boolean appender = mdc.equals("otel-appender");
    Registry.Builder registry = Registry.builder().with(BenchOtel.LAYER, EnvFilter.parse("info"));
    if (layer) {
      registry.with(MdcLayer.create(), EnvFilter.parse("info"));
    } else if (mdc.equals("idle-layer")) {
      registry.with(new Subscriber() {}, EnvFilter.parse("info"));
    }
    // BenchOtel has made its layer the global default; this registry is the benchmark thread's
    // (Thread-scoped state: the set-up runs on the thread that runs the benchmark).
    Dispatch.setDefault(registry.build());
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Appender<ILoggingEvent> console = BenchLogback.console(context, tracebridgeOut);
    tracebridgeSide = context.getLogger("com.acme.Handler");
    tracebridgeSide.setAdditive(false);
    tracebridgeSide.addAppender(appender ? withIds(context, console) : console);
    Appender<ILoggingEvent> otelConsole = BenchLogback.console(context, otelOut);
    otelSide = context.getLogger("com.acme.OtelHandler");
    otelSide.setAdditive(false);
    otelSide.addAppender(layer || appender ? withIds(context, otelConsole) : otelConsole);
    tracebridgeSpanAndLine();
    otelSpanAndLine();
    if (tracebridgeOut.bytes() == 0 || otelOut.bytes() == 0) {
      throw new IllegalStateException("a side wrote nothing");
    }
  }

  /** OpenTelemetry's appender around {@code console}: it adds the ids to each line's MDC. */
  private static Appender<ILoggingEvent> withIds(
      LoggerContext context, Appender<ILoggingEvent> console) {
    OpenTelemetryAppender ids = new OpenTelemetryAppender();
    ids.setContext(context);
    ids.addAppender(console);
    ids.start();
    return ids;
  }

  @Benchmark
  public void tracebridgeSpanAndLine() {
    try (EnteredSpan span = TRACER.infoSpan("handle").entered()) {
      tracebridgeSide.info("handled");
    }
  }

  @Benchmark
  public void otelSpanAndLine() {
    Span span = BenchOtel.OTEL_TRACER.spanBuilder("handle").startSpan();
    try (Scope scope = span.makeCurrent()) {
      otelSide.info("handled");
    } finally {
      span.end();
    }
  }
}
