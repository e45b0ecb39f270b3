package io.tracebridge.demo.reliability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.otel.OpenTelemetryLayer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The telemetry of the in-process reliability tests, installed once per JVM (the {@code
 * reliability} surefire execution runs these tests in a JVM of their own): the real SDK with W3C
 * trace context and baggage, every span exported to memory, OpenTelemetry's strict context checking
 * (a system property of that execution) and our scope-leak check. The root sampler can be switched
 * off, to show that a caller's sampled flag cannot force sampling at the edge.
 */
final class DemoTelemetry {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  private static volatile boolean sampleRoots = true;

  static {
    ScopeLeakDetector.install();
    Sampler roots =
        new Sampler() {
          @Override
          public SamplingResult shouldSample(
              Context parent,
              String traceId,
              String name,
              SpanKind kind,
              Attributes attributes,
              List<LinkData> links) {
            return sampleRoots ? SamplingResult.recordAndSample() : SamplingResult.drop();
          }

          @Override
          public String getDescription() {
            return "switchable root sampler";
          }
        };
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(Sampler.parentBased(roots))
                    .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                    .build())
            .setPropagators(
                ContextPropagators.create(
                    TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(),
                        W3CBaggagePropagator.getInstance())))
            .build();
    GlobalOpenTelemetry.set(sdk);
    Dispatch.setGlobalDefault(
        Registry.builder()
            .with(OpenTelemetryLayer.builder(sdk).build(), EnvFilter.parse("info"))
            .build());
  }

  private DemoTelemetry() {}

  /** Installs the telemetry if this JVM has not yet. */
  static void install() {}

  /** Sets whether spans with no parent (or with a parent the edge did not trust) are sampled. */
  static void sampleRoots(boolean sample) {
    sampleRoots = sample;
  }

  /**
   * Waits until at least {@code count} exported spans match, for at most 30 s; returns them all.
   */
  static List<SpanData> awaitSpans(Predicate<SpanData> match, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<SpanData> found = List.of();
    while (System.nanoTime() < deadline) {
      found = SPANS.getFinishedSpanItems().stream().filter(match).toList();
      if (found.size() >= count) {
        Thread.sleep(200); // anything extra would show up as a surplus span
        return SPANS.getFinishedSpanItems().stream().filter(match).toList();
      }
      Thread.sleep(20);
    }
    return found;
  }
}
