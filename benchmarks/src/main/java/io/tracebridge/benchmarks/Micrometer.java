package io.tracebridge.benchmarks;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;

/**
 * Micrometer Observation wired to the shared SDK through {@code micrometer-tracing-bridge-otel}.
 */
public final class Micrometer {
  public static final ObservationRegistry REGISTRY = ObservationRegistry.create();

  static {
    OtelTracer tracer =
        new OtelTracer(BenchOtel.OTEL_TRACER, new OtelCurrentTraceContext(), event -> {});
    REGISTRY.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
  }

  private Micrometer() {}
}
