package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.testfixtures.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * A batch processor behind the gate never drops a span itself: what its queue cannot hold is
 * dropped and counted by the gate, from tracebridge's own counts, so ended = exported + dropped
 * exactly. The processor is the SDK's real {@link BatchSpanProcessor}; its own logger is watched to
 * prove it never had to drop anything.
 */
class ExportQueueGateTest {
  private static final String PROCESSOR_LOGGER = BatchSpanProcessor.class.getName();

  private record Pipeline(
      SdkTracerProvider provider, ExportQueueGate gate, FailureStreakExporter exporter) {
    Tracer tracer() {
      return provider.get("test");
    }
  }

  private static Pipeline pipeline(SpanExporter exporter, int queue, Sampler sampler) {
    FailureStreakExporter watched = new FailureStreakExporter(exporter);
    BatchSpanProcessor batch =
        BatchSpanProcessor.builder(watched)
            .setMaxQueueSize(queue)
            .setMaxExportBatchSize(10)
            .setScheduleDelay(Duration.ofMillis(1))
            .build();
    ExportQueueGate gate = new ExportQueueGate(batch, queue);
    gate.exportsThrough(List.of(watched));
    SdkTracerProvider provider =
        SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(gate).build();
    return new Pipeline(provider, gate, watched);
  }

  @Test
  void aFullQueueDropsAndCountsAtTheGateSoTheBatchProcessorNeverDropsUncounted() {
    StuckExporter stuck = new StuckExporter();
    Pipeline p = pipeline(stuck, 100, Sampler.alwaysOn());
    List<LogRecord> gateSaid = new ArrayList<>();

    List<LogRecord> processorSaid =
        LogCapture.capture(
            PROCESSOR_LOGGER,
            () ->
                gateSaid.addAll(
                    LogCapture.capture(
                        ExportQueueGate.class,
                        () -> {
                          for (int i = 0; i < 1_000; i++) {
                            p.tracer().spanBuilder("request").startSpan().end();
                          }
                          stuck.release.countDown();
                          p.provider().forceFlush().join(10, TimeUnit.SECONDS);
                        })));

    assertThat(p.gate().offered()).isEqualTo(1_000);
    // At most the queue plus the batch being exported got through; the rest was dropped here.
    assertThat(p.gate().dropped()).isBetween(1_000L - 110, 1_000L - 100);
    assertThat(stuck.exported.get() + p.gate().dropped()).isEqualTo(1_000);
    assertThat(p.exporter().exportedSpans()).isEqualTo(stuck.exported.get());
    assertThat(p.gate().unsent()).isZero();
    assertThat(processorSaid).as("the batch processor dropped nothing itself").isEmpty();
    assertThat(gateSaid).hasSize(1);
    assertThat(gateSaid.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(gateSaid.get(0).getMessage())
        .contains("export queue is full (100 spans)")
        .contains("application is unaffected");
    p.provider().shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void onceTheQueueHasDrainedOneInfoLineGivesTheStreaksTotal() {
    StuckExporter stuck = new StuckExporter();
    Pipeline p = pipeline(stuck, 100, Sampler.alwaysOn());

    List<LogRecord> said =
        LogCapture.capture(
            ExportQueueGate.class,
            () -> {
              for (int i = 0; i < 500; i++) {
                p.tracer().spanBuilder("burst").startSpan().end();
              }
              stuck.release.countDown();
              p.provider().forceFlush().join(10, TimeUnit.SECONDS);
              p.tracer().spanBuilder("after").startSpan().end(); // the queue is empty again
            });

    assertThat(said).extracting(LogRecord::getLevel).containsExactly(Level.WARNING, Level.INFO);
    assertThat(said.get(1).getMessage())
        .isEqualTo(
            "span export caught up; "
                + p.gate().dropped()
                + " span(s) were dropped while the export queue was full");
    p.provider().shutdown().join(10, TimeUnit.SECONDS);
    assertThat(stuck.exported.get() + p.gate().dropped()).isEqualTo(501);
  }

  @Test
  void unsampledSpansAreNeitherCountedNorHeldAgainstTheQueue() {
    StuckExporter stuck = new StuckExporter();
    Pipeline p = pipeline(stuck, 10, Sampler.alwaysOff());

    for (int i = 0; i < 100; i++) {
      p.tracer().spanBuilder("unsampled").startSpan().end();
    }

    assertThat(p.gate().offered()).isZero();
    assertThat(p.gate().dropped()).isZero();
    stuck.release.countDown();
    p.provider().shutdown().join(10, TimeUnit.SECONDS);
  }

  @Test
  void manyThreadsEndingSpansAtOnceAreEachCountedOnce() {
    StuckExporter slow = new StuckExporter();
    Pipeline p = pipeline(slow, 64, Sampler.alwaysOn());
    List<LogRecord> processorSaid =
        LogCapture.capture(
            PROCESSOR_LOGGER,
            () -> {
              List<Thread> threads = new ArrayList<>();
              for (int t = 0; t < 8; t++) {
                Thread thread =
                    new Thread(
                        () -> {
                          for (int i = 0; i < 2_000; i++) {
                            p.tracer().spanBuilder("concurrent").startSpan().end();
                          }
                        });
                thread.start();
                threads.add(thread);
              }
              for (Thread t : threads) {
                try {
                  t.join();
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
              }
              slow.release.countDown();
              p.provider().shutdown().join(10, TimeUnit.SECONDS);
            });

    assertThat(p.gate().offered()).isEqualTo(16_000);
    assertThat(slow.exported.get() + p.gate().dropped()).isEqualTo(16_000);
    assertThat(processorSaid).isEmpty();
  }
}
