package io.tracebridge.benchmarks;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.otel.OpenTelemetryLayer;
import java.io.PrintStream;
import java.util.logging.Logger;

/**
 * The one OpenTelemetry SDK every in-process comparison shares: a {@link BatchSpanProcessor} in
 * front of an exporter that discards. Our side reaches it through the bridge layer, installed as
 * the global subscriber with an {@code info} filter (so {@code debug} is the disabled path); the
 * raw OTel and Micrometer sides reach it through its {@link Tracer}.
 *
 * <p>The layer's optional attributes (thread, code location, timing) are off, so that the bridged
 * span carries the same attributes as the raw OTel one: the same work on every side.
 */
public final class BenchOtel {
  /**
   * At these rates the batch processor's queue fills and it logs a warning per batch; the drops
   * affect every side alike and the warnings would bury the JMH log. Held strongly so the level
   * stays.
   */
  public static final Logger BSP_LOG = BenchLogging.quiet(BatchSpanProcessor.class.getName());

  public static final OpenTelemetrySdk SDK =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build())
                  .build())
          .build();

  public static final Tracer OTEL_TRACER = SDK.getTracer("io.tracebridge.benchmarks");

  public static final OpenTelemetryLayer LAYER =
      OpenTelemetryLayer.builder(SDK)
          .threadAttributes(false)
          .codeAttributes(false)
          .timingAttributes(false)
          .build();

  /**
   * Makes our layer the only layer of the global subscriber, with an {@code info} filter, unless a
   * global subscriber was set already.
   */
  public static void install() {
    installOnce(Registry.builder().with(LAYER, EnvFilter.parse("info")).build());
  }

  /**
   * Makes the console ({@link FmtLayer}, writing to {@code console}) and our OTel layer the global
   * subscriber, both with an {@code info} filter, unless a global subscriber was set already: what
   * a service that also prints its spans runs.
   *
   * @param console where the console layer writes
   */
  public static void installWithConsole(PrintStream console) {
    installOnce(
        Registry.builder()
            .with(FmtLayer.builder().output(console).build(), EnvFilter.parse("info"))
            .with(LAYER, EnvFilter.parse("info"))
            .build());
  }

  private static synchronized void installOnce(Registry registry) {
    if (!Dispatch.hasGlobalDefault()) {
      Dispatch.setGlobalDefault(registry);
    }
  }

  private BenchOtel() {}
}
