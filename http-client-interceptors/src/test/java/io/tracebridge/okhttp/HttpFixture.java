package io.tracebridge.okhttp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.subscriber.Filter;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.List;

/** The real OpenTelemetry SDK with an in-memory exporter behind the bridge, plus a recorder. */
final class HttpFixture {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  final RecordingSubscriber recorder = RecordingSubscriber.create();
  final Registry registry;

  HttpFixture() {
    this(Filter.all());
  }

  HttpFixture(Filter otelFilter) {
    registry =
        Registry.builder()
            .with(OpenTelemetryLayer.builder(sdk).build(), otelFilter)
            .with(recorder)
            .build();
  }

  void run(Runnable body) {
    Dispatch.withDefault(registry, body);
  }

  List<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
  }

  SpanData only(String name) {
    List<SpanData> matches = named(name);
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected one span '" + name + "' but got " + spans.getFinishedSpanItems());
    }
    return matches.get(0);
  }

  static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  static boolean isChildOf(SpanData child, SpanData parent) {
    return child.getTraceId().equals(parent.getTraceId())
        && child.getParentSpanId().equals(parent.getSpanId());
  }
}
