package io.tracebridge.slf4j.mdc;

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
import io.tracebridge.otel.OpenTelemetryLayer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry's own Logback MDC appender ({@code opentelemetry-logback-mdc-1.0}) prints the ids
 * of tracebridge spans with no MdcLayer at all: entering a tracebridge span makes its OpenTelemetry
 * context current, which is what that appender reads at each line. (Run with Logback only: the pom
 * leaves it out of the Log4j 2 run.)
 */
class OtelLogbackAppenderTest {
  private static final Tracer TRACER = Tracer.forClass(OtelLogbackAppenderTest.class);

  @Test
  void openTelemetrysLogbackMdcAppenderPrintsTheIdsOfATracebridgeSpan() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    try (OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      ch.qos.logback.classic.Logger logger = logbackLoggerWithOtelAppender(lines);
      // A registry without MdcLayer: only OpenTelemetry's appender can put the ids in the line.
      Registry registry = Registry.builder().with(OpenTelemetryLayer.builder(otel).build()).build();
      Dispatch.withDefault(
          registry,
          () -> {
            try (EnteredSpan span = TRACER.infoSpan("appender_span").entered()) {
              logger.info("via the OTel appender");
            }
          });

      SpanData span = exporter.getFinishedSpanItems().get(0);
      assertThat(lines.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "trace_id="
                  + span.getTraceId()
                  + " span_id="
                  + span.getSpanId()
                  + " via the OTel appender\n");
    }
  }

  private static ch.qos.logback.classic.Logger logbackLoggerWithOtelAppender(
      ByteArrayOutputStream out) {
    ch.qos.logback.classic.LoggerContext context =
        (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder =
        new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("trace_id=%X{trace_id} span_id=%X{span_id} %msg%n");
    encoder.start();
    ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> console =
        new ch.qos.logback.core.OutputStreamAppender<>();
    console.setContext(context);
    console.setEncoder(encoder);
    console.setOutputStream(out);
    console.start();
    io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender ids =
        new io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender();
    ids.setContext(context);
    ids.addAppender(console);
    ids.start();
    ch.qos.logback.classic.Logger logger = context.getLogger("otel.appender.test");
    logger.setAdditive(false);
    logger.addAppender(ids);
    return logger;
  }
}
