package io.tracebridge.benchmarks;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.otel.OpenTelemetryLayer;
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

  static {
    if (!Dispatch.hasGlobalDefault()) {
      Dispatch.setGlobalDefault(Registry.builder().with(LAYER, EnvFilter.parse("info")).build());
    }
  }

  /** Loads this class: the SDK exists and our layer is the global subscriber. */
  public static void install() {}

  private BenchOtel() {}
}
