package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventsAsLogRecordsTest {
  private static final Tracer TRACER = Tracer.forClass(EventsAsLogRecordsTest.class);
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setLoggerProvider(
              SdkLoggerProvider.builder()
                  .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                  .build())
          .build();

  @AfterEach
  void close() {
    otel.close();
  }

  private OpenTelemetryLayer run(Consumer<OpenTelemetryLayer.Builder> options) {
    OpenTelemetryLayer.Builder builder = OpenTelemetryLayer.builder(otel);
    options.accept(builder);
    OpenTelemetryLayer layer = builder.build();
    Dispatch.withDefault(
        Registry.builder().with(layer).build(),
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("checkout").entered()) {
            TRACER.atInfo().field("items", 3).log("cart loaded");
            TRACER.error("payment declined");
          }
        });
    return layer;
  }

  @Test
  void byDefaultEventsInsideSpansAreSpanEventsAndNoLogRecords() {
    run(b -> {});

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getEvents()).extracting(e -> e.getName()).contains("cart loaded");
    assertThat(logs.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void withTheOptionEventsInsideSpansAreLogRecordsInTheSpansContextAndNotSpanEvents() {
    OpenTelemetryLayer layer = run(b -> b.spanEventsAsLogRecords(true));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getEvents()).isEmpty();
    List<LogRecordData> records = logs.getFinishedLogRecordItems();
    assertThat(records).hasSize(2);
    LogRecordData loaded = records.get(0);
    assertThat(loaded.getBodyValue().asString()).isEqualTo("cart loaded");
    assertThat(loaded.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(loaded.getAttributes().get(AttributeKey.longKey("items"))).isEqualTo(3L);
    assertThat(loaded.getSpanContext().getTraceId()).isEqualTo(span.getTraceId());
    assertThat(loaded.getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
    assertThat(loaded.getInstrumentationScopeInfo().getName())
        .isEqualTo(EventsAsLogRecordsTest.class.getName());
    assertThat(records.get(1).getSeverity()).isEqualTo(Severity.ERROR);
    assertThat(layer.forwardedSpanEventLogs()).isEqualTo(2);
    assertThat(layer.droppedSpanEventLogs()).isZero();
  }

  @Test
  void anErrorEventSentAsALogRecordStillSetsTheSpansStatus() {
    run(b -> b.spanEventsAsLogRecords(true));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("payment declined");
  }
}
