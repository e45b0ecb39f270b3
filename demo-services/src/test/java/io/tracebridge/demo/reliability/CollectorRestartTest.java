package io.tracebridge.demo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.demo.JaegerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The collector restarts under load: the demo pair exports OTLP/gRPC to a real Jaeger process,
 * which is stopped in the middle of the run and started again on the same ports. Every trace
 * started after the restart must arrive complete; what the outage cost is counted and reported.
 * Under CI=true the test must run (Jaeger is built by .ci/run); outside CI it is skipped, saying
 * why, without a binary.
 */
class CollectorRestartTest {
  static final int PER_PHASE = 100;

  /**
   * How long Jaeger stays down: longer than the OTLP exporter's retries for one batch (5 attempts,
   * backing off 1, 1.5, 2.25 and 3.4 s), so that some batches run out of retries and are lost.
   */
  static final long OUTAGE_MILLIS = 20_000;

  /** Spans of one successful checkout across both services. */
  static final int SPANS_PER_TRACE = JaegerTraces.SPANS_PER_TRACE;

  @Test
  void tracesStartedAfterTheCollectorRestartsArriveCompleteAndTheOutageLossIsCounted()
      throws Exception {
    Path logs = Path.of("target", "demo-logs", "reliability", "collector-restart");
    try (JaegerProcess jaeger = JaegerProcess.start(logs);
        DemoPair pair =
            DemoPair.start(
                "collector-restart",
                Map.of(
                    "OTEL_TRACES_EXPORTER", "otlp",
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", jaeger.otlpEndpoint()))) {
      List<String> before = phase(pair, 0);
      JaegerTraces.awaitComplete(jaeger, before.get(before.size() - 1), 60);

      jaeger.stop();
      long outageStarted = System.nanoTime();
      List<String> during = new ArrayList<>();
      for (int i = 0;
          System.nanoTime() - outageStarted < TimeUnit.MILLISECONDS.toNanos(OUTAGE_MILLIS);
          i++) {
        assertThat(pair.checkout(PER_PHASE + i + 1, 1 + i % 9, during))
            .as("request %d during the outage", i)
            .isPositive();
        Thread.sleep(50);
      }
      jaeger.restart();
      double outageSeconds = (System.nanoTime() - outageStarted) / 1e9;

      List<String> after = phase(pair, 2 * PER_PHASE);
      for (String traceId : after) {
        assertThat(JaegerTraces.awaitComplete(jaeger, traceId, 60))
            .as("spans of trace %s, started after the restart", traceId)
            .isEqualTo(SPANS_PER_TRACE);
      }
      int arrived = 0;
      int spansArrived = 0;
      for (String traceId : during) {
        int spans = JaegerTraces.spans(jaeger, traceId);
        spansArrived += spans;
        arrived += spans == SPANS_PER_TRACE ? 1 : 0;
      }
      pair.close();
      int produced = during.size() * SPANS_PER_TRACE;
      System.out.printf(
          "[restart] outage %.1f s: %d requests during it, all 200; afterwards Jaeger had %d of"
              + " their %d traces complete and %d of their %d spans: %d lost (%.0f%%); all %d"
              + " traces started after the restart arrived complete%n",
          outageSeconds,
          during.size(),
          arrived,
          during.size(),
          spansArrived,
          produced,
          produced - spansArrived,
          100.0 * (produced - spansArrived) / produced,
          after.size());
      // Lost is bounded by what was made during the outage: nothing from after it is ever missing.
      assertThat(produced - spansArrived).isBetween(0, produced);
      for (String w : pair.warnings()) {
        System.out.println("[restart] " + w);
      }
      for (String w : pair.infos()) {
        System.out.println("[restart] " + w);
      }
      // One line per service when the outage began, one when export recovered: none per span.
      assertThat(pair.warnings())
          .filteredOn(w -> w.contains("; the application is unaffected"))
          .hasSizeLessThanOrEqualTo(2);
      assertThat(pair.infos())
          .filteredOn(w -> w.contains("recovered after"))
          .hasSizeLessThanOrEqualTo(2);
      assertThat(pair.uncaught()).isEmpty();
    }
  }

  /** Sends {@code PER_PHASE} checkouts; every one must succeed; returns their trace ids. */
  private static List<String> phase(DemoPair pair, int firstUser) throws InterruptedException {
    List<String> traceIds = new ArrayList<>();
    for (int i = 0; i < PER_PHASE; i++) {
      assertThat(pair.checkout(firstUser + i + 1, 1 + i % 9, traceIds))
          .as("request %d", firstUser + i)
          .isPositive();
    }
    assertThat(traceIds).hasSize(PER_PHASE);
    return traceIds;
  }
}
