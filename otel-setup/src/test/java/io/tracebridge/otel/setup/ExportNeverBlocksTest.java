package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracebridge.Dispatch;
import io.tracebridge.Tracer;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.testfixtures.LogCapture;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExportNeverBlocksTest {
  private static final Tracer TRACER = Tracer.forClass(ExportNeverBlocksTest.class);

  @Test
  void requestsKeepRunningWhileTheExporterIsStuckAndTheQueueStaysBounded() {
    StuckExporter stuck = new StuckExporter();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                BatchSpanProcessor.builder(stuck)
                    .setMaxQueueSize(100)
                    .setMaxExportBatchSize(10)
                    .setScheduleDelay(Duration.ofMillis(1))
                    .build())
            .build();
    OpenTelemetryLayer layer =
        OpenTelemetryLayer.builder(OpenTelemetrySdk.builder().setTracerProvider(provider).build())
            .build();

    // Fails (rather than hangs) if closing a span ever waited for the exporter.
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            Dispatch.withDefault(
                layer,
                () -> {
                  for (int i = 0; i < 5_000; i++) {
                    TRACER.infoSpan("request").field("i", i).run(() -> TRACER.info("work"));
                  }
                }));

    stuck.release.countDown();
    provider.shutdown().join(10, TimeUnit.SECONDS);
    // 5,000 spans were produced while export was stuck. The queue holds 100 and the worker a few
    // batches; everything else was dropped instead of piling up in memory.
    assertThat(stuck.exported.get()).isLessThan(300);
  }

  @Test
  void failureStreakIsLoggedOnceAndRecoveryOnceWithTheLossCounted() {
    AtomicInteger calls = new AtomicInteger();
    SpanExporter flaky =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            return calls.incrementAndGet() <= 4
                ? CompletableResultCode.ofFailure()
                : CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public String toString() {
            return "FlakyExporter";
          }
        };
    FailureStreakExporter exporter = new FailureStreakExporter(flaky);

    var logged =
        LogCapture.capture(
            FailureStreakExporter.class,
            () -> {
              for (int i = 0; i < 6; i++) {
                exporter.export(java.util.List.of(fakeSpan(), fakeSpan()));
              }
            });

    assertThat(logged).hasSize(2);
    assertThat(logged.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    assertThat(logged.get(0).getMessage()).contains("FlakyExporter").contains("failed");
    assertThat(logged.get(1).getMessage())
        .contains("recovered after 4 failed batch(es)")
        .contains("8 span(s)");
    assertThat(exporter.failedBatches()).isZero();
  }

  @Test
  void anExporterThatThrowsCountsAsAFailedBatchInsteadOfPropagating() {
    SpanExporter throwing =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            throw new IllegalStateException("exporter bug");
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    FailureStreakExporter exporter = new FailureStreakExporter(throwing);

    CompletableResultCode result = exporter.export(java.util.List.of(fakeSpan()));

    assertThat(result.isSuccess()).isFalse();
    assertThat(exporter.failedBatches()).isEqualTo(1);
  }

  private static SpanData fakeSpan() {
    return io.opentelemetry.sdk.testing.trace.TestSpanData.builder()
        .setName("s")
        .setKind(io.opentelemetry.api.trace.SpanKind.INTERNAL)
        .setStartEpochNanos(1)
        .setEndEpochNanos(2)
        .setHasEnded(true)
        .setStatus(io.opentelemetry.sdk.trace.data.StatusData.unset())
        .build();
  }
}
