package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolingExporterTest {
  @TempDir Path directory;

  /** A collector that is down, up, or hanging, as the test says; it keeps what it received. */
  static final class Collector implements SpanExporter {
    enum State {
      DOWN,
      UP,
      HANGING
    }

    volatile State state = State.DOWN;
    final AtomicInteger attempts = new AtomicInteger();
    final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      attempts.incrementAndGet();
      return switch (state) {
        case DOWN -> CompletableResultCode.ofFailure();
        case HANGING -> new CompletableResultCode();
        case UP -> {
          spans.forEach(s -> received.add(s.getName()));
          yield CompletableResultCode.ofSuccess();
        }
      };
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static List<SpanData> batch(String name) {
    return FinishedSpans.named(name);
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void duringAnOutageBatchesWaitOnDiskAndArriveInOrderWhenTheCollectorIsBack() throws Exception {
    Collector collector = new Collector();
    SpoolingExporter exporter = new SpoolingExporter(collector, SpanSpool.open(directory, 1 << 20));
    try {
      exporter.export(batch("before")).join(1, TimeUnit.SECONDS);
      // the batch processor hears success: nothing dropped for export failure
      assertThat(exporter.export(batch("during1")).join(1, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(exporter.export(batch("during2")).join(1, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(exporter.spool().spooledSpans()).isEqualTo(3);

      collector.state = Collector.State.UP;
      await(() -> exporter.spool().isEmpty());
      exporter.export(batch("after")).join(1, TimeUnit.SECONDS);

      assertThat(collector.received).containsExactly("before", "during1", "during2", "after");
      assertThat(exporter.sentDirectly()).isEqualTo(1);
      assertThat(exporter.spool().deliveredSpans()).isEqualTo(3);
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void whileTheSpoolHoldsBatchesANewBatchNeverWaitsForTheCollector() throws Exception {
    Collector collector = new Collector();
    SpoolingExporter exporter = new SpoolingExporter(collector, SpanSpool.open(directory, 1 << 20));
    try {
      exporter.export(batch("first")).join(1, TimeUnit.SECONDS);
      collector.state = Collector.State.HANGING; // delivery now hangs on the collector
      int attemptsBefore = collector.attempts.get();

      long start = System.nanoTime();
      CompletableResultCode result = exporter.export(batch("second"));

      assertThat(result.isDone()).as("completed before export() returned").isTrue();
      assertThat(result.isSuccess()).isTrue();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
      assertThat(collector.attempts.get() - attemptsBefore)
          .as("export() itself did not call the collector")
          .isLessThanOrEqualTo(1); // the delivery thread may have tried the oldest batch
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aSpoolThatCannotBeWrittenLosesThatBatchCountedAndNeverThrows() throws Exception {
    Collector collector = new Collector();
    Path gone = directory.resolve("gone");
    SpoolingExporter exporter = new SpoolingExporter(collector, SpanSpool.open(gone, 1 << 20));
    try {
      try (var files = java.nio.file.Files.walk(gone)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.delete(p); // the volume went away under the running service
        }
      }

      CompletableResultCode result = exporter.export(batch("lost"));

      assertThat(result.join(1, TimeUnit.SECONDS).isSuccess()).isFalse();
      assertThat(exporter.lostSpans()).isEqualTo(1);
      assertThat(exporter.spool().spooledSpans()).isZero();
    } finally {
      exporter.shutdown();
    }
  }

  @Test
  void aSpoolLeftByAnEarlierRunThatMeetsACollectorStillDownSaysSoOnce() throws Exception {
    Collector collector = new Collector();
    SpoolingExporter first = new SpoolingExporter(collector, SpanSpool.open(directory, 1 << 20));
    first.export(batch("left")).join(1, TimeUnit.SECONDS);
    first.shutdown();

    List<java.util.logging.LogRecord> logged =
        io.tracebridge.testfixtures.LogCapture.capture(
            SpoolingExporter.class,
            () -> {
              SpoolingExporter next =
                  new SpoolingExporter(collector, SpanSpool.open(directory, 1 << 20));
              try {
                long attempts = collector.attempts.get();
                await(() -> collector.attempts.get() >= attempts + 3); // three failed deliveries
              } catch (Exception e) {
                throw new AssertionError(e);
              } finally {
                next.shutdown();
              }
            });

    assertThat(logged)
        .filteredOn(r -> r.getLevel() == java.util.logging.Level.WARNING)
        .extracting(java.util.logging.LogRecord::getMessage)
        .singleElement()
        .asString()
        .contains("failed; spooling spans to " + directory);
  }

  @Test
  void whatIsStillSpooledAtShutdownStaysOnDiskForTheNextStart() throws Exception {
    Collector collector = new Collector();
    SpoolingExporter first = new SpoolingExporter(collector, SpanSpool.open(directory, 1 << 20));
    first.export(batch("kept")).join(1, TimeUnit.SECONDS);
    first.shutdown();

    collector.state = Collector.State.UP;
    SpoolingExporter next = new SpoolingExporter(collector, SpanSpool.open(directory, 1 << 20));
    try {
      await(() -> next.spool().isEmpty());
      assertThat(collector.received).containsExactly("kept");
      assertThat(next.spool().restoredSpans()).isEqualTo(1);
    } finally {
      next.shutdown();
    }
  }
}
