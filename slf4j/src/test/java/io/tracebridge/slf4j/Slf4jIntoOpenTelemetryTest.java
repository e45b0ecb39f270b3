package io.tracebridge.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.otel.OpenTelemetryLayer;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class Slf4jIntoOpenTelemetryTest {
  private static final Tracer TRACER = Tracer.forClass(Slf4jIntoOpenTelemetryTest.class);

  @Test
  void anErrorLoggedThroughSlf4jInsideASpanIsTheSpansExceptionEventWithItsStack() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      Registry registry = Registry.builder().with(OpenTelemetryLayer.builder(otel).build()).build();
      Logger log = LoggerFactory.getLogger("com.acme.Payments");

      Dispatch.withDefault(
          registry,
          () -> {
            try (EnteredSpan span = TRACER.infoSpan("charge").entered()) {
              log.atInfo().addKeyValue("amount", 42).log("charging");
              log.error("payment failed", new IOException("timeout"));
            }
          });

      SpanData span = exporter.getFinishedSpanItems().get(0);
      assertThat(span.getName()).isEqualTo("charge");
      EventData charging =
          span.getEvents().stream().filter(e -> e.getName().equals("charging")).findFirst().get();
      assertThat(charging.getAttributes().get(AttributeKey.longKey("amount"))).isEqualTo(42L);
      EventData exception =
          span.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().get();
      assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
          .isEqualTo("java.io.IOException");
      assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
          .contains("java.io.IOException: timeout")
          .contains("Slf4jIntoOpenTelemetryTest");
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
  }
}
