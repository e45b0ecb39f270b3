package io.tracebridge.otel;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.testfixtures.LogCapture;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.LogRecord;

/**
 * A real OpenTelemetry SDK exporting to memory through a simple (synchronous) span processor, with
 * the bridge layer and a recording subscriber side by side in one registry.
 */
final class OtelFixture {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  final OpenTelemetrySdk sdk;
  final OpenTelemetryLayer layer;
  final RecordingSubscriber recorder = RecordingSubscriber.create();
  final Registry registry;

  OtelFixture() {
    this(Sampler.alwaysOn(), b -> {});
  }

  OtelFixture(Sampler sampler, Consumer<OpenTelemetryLayer.Builder> options) {
    this(sampler, options, Clock.getDefault());
  }

  /**
   * A fixture whose SDK reads {@code clock}, e.g. a wall clock that slews as tracebridge's does.
   */
  OtelFixture(Sampler sampler, Consumer<OpenTelemetryLayer.Builder> options, Clock clock) {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setClock(clock)
                    .setSampler(sampler)
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .build();
    OpenTelemetryLayer.Builder builder = OpenTelemetryLayer.builder(sdk);
    options.accept(builder);
    layer = builder.build();
    registry = Registry.builder().with(layer).with(recorder).build();
  }

  void run(Runnable body) {
    Dispatch.withDefault(registry, body);
  }

  /** Runs {@code body} as {@link #run} does; returns what the layer logged meanwhile. */
  List<LogRecord> runLogged(Runnable body) {
    return LogCapture.capture(OpenTelemetryLayer.class, () -> run(body));
  }

  List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  SpanData span(String name) {
    List<SpanData> matches = finished().stream().filter(s -> s.getName().equals(name)).toList();
    if (matches.size() != 1) {
      throw new AssertionError("expected one exported span '" + name + "' but got " + finished());
    }
    return matches.get(0);
  }

  static boolean isChildOf(SpanData child, SpanData parent) {
    return child.getTraceId().equals(parent.getTraceId())
        && child.getParentSpanId().equals(parent.getSpanId());
  }

  static SpanKind kindOf(SpanData span) {
    return span.getKind();
  }
}
