package io.tracebridge.otel.setup;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** Finished spans made by the real SDK, one per name, for the spool's tests. */
final class FinishedSpans {
  private FinishedSpans() {}

  static List<SpanData> named(String... names) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      for (String name : names) {
        provider.get("test").spanBuilder(name).startSpan().end();
      }
      return memory.getFinishedSpanItems(); // before close(), which empties the exporter
    }
  }
}
