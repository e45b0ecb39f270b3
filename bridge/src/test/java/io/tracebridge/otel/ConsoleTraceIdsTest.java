package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.fmt.FmtLayer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsoleTraceIdsTest {
  private static final Tracer TRACER = Tracer.forClass(ConsoleTraceIdsTest.class);
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @AfterEach
  void close() {
    otel.close();
  }

  private String run(FmtLayer.Builder fmt, boolean withOtel) {
    FmtLayer layer = fmt.output(new PrintStream(console, true, StandardCharsets.UTF_8)).build();
    Registry.Builder registry = Registry.builder().with(layer);
    if (withOtel) {
      registry.with(OpenTelemetryLayer.builder(otel).build());
    }
    Dispatch.withDefault(
        registry.build(),
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("checkout").entered()) {
            TRACER.info("cart loaded");
          }
          TRACER.info("outside");
        });
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesCarryTheIdsOfTheExportedSpanWhenTheOpenTelemetryLayerIsInstalled() {
    String out = run(FmtLayer.builder().format(FmtLayer.Format.JSON), true);

    SpanData span = exporter.getFinishedSpanItems().get(0);
    String inside = out.lines().filter(l -> l.contains("cart loaded")).findFirst().get();
    assertThat(inside)
        .endsWith(
            ",\"trace_id\":\""
                + span.getTraceId()
                + "\",\"span_id\":\""
                + span.getSpanId()
                + "\"}");
    String outside = out.lines().filter(l -> l.contains("outside")).findFirst().get();
    assertThat(outside).doesNotContain("trace_id");
  }

  @Test
  void jsonLinesHaveNoIdsWithoutTheOpenTelemetryLayer() {
    String out = run(FmtLayer.builder().format(FmtLayer.Format.JSON), false);

    assertThat(out).contains("cart loaded").doesNotContain("trace_id");
  }

  @Test
  void textLinesEndWithTheIdsOnlyWhenAskedTo() {
    String plain = run(FmtLayer.builder(), true);
    assertThat(plain).contains("cart loaded").doesNotContain("trace_id");

    console.reset();
    exporter.reset();
    String withIds = run(FmtLayer.builder().traceIds(true), true);
    SpanData span = exporter.getFinishedSpanItems().get(0);
    String inside = withIds.lines().filter(l -> l.contains("cart loaded")).findFirst().get();
    assertThat(inside)
        .endsWith("cart loaded trace_id=" + span.getTraceId() + " span_id=" + span.getSpanId());
    String outside = withIds.lines().filter(l -> l.contains("outside")).findFirst().get();
    assertThat(outside).doesNotContain("trace_id");
  }
}
