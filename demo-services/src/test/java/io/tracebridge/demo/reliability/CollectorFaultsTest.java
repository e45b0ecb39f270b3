package io.tracebridge.demo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tracebridge.demo.DemoProcesses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The collector goes away or slows down, and the application does not notice. Five demo pairs run
 * side by side: one with export off, one exporting OTLP/HTTP to a closed port, one to a receiver
 * that answers after 5 s, and two to a receiver that answers at once, without and with the export
 * spool (whose cost while the collector is healthy is their difference). The same requests go to
 * all three, interleaved in turn, so this machine's noise falls on each alike; then each pair's
 * latency, heap and log are compared. Figures go to standard output and to docs/reliability.md.
 */
class CollectorFaultsTest {
  /**
   * Requests per copy. The issue asks for 2,000; three times as many make each p99 (then the 60th
   * slowest request, not the 20th) steady enough on a noisy 2-core machine to compare within 10%.
   */
  static final int REQUESTS = Integer.getInteger("tracebridge.faults.requests", 6_000);

  static final int WARM_UP = 300;

  /**
   * How much slower than export-off a pair's p50 and p99 may be: the 10%. A pair fails when
   * its ratio's 95% interval lies wholly above it ({@link LatencyRatio}): slower beyond this
   * machine's noise, which alone moves one p99 by up to 10% between runs.
   */
  static final double MAX_SLOWDOWN = 1.10;

  /** How much slower the spool may make a healthy collector's pair: the spool issue's 5%. */
  static final double SPOOL_MAX = 1.05;

  /** The pairs exporting to a collector that answers at once, without and with the spool. */
  static final int HEALTHY = 3;

  static final int HEALTHY_SPOOLED = 4;

  @Test
  void withTheCollectorUnreachableOrSlowEveryRequestSucceedsAsFastAsWithExportOffInBoundedMemory()
      throws Exception {
    int closedPort = DemoProcesses.freePort(); // nothing listens there
    AtomicLong slowRequests = new AtomicLong();
    HttpServer slow = slowReceiver(slowRequests);
    HttpServer healthy = receiver(new AtomicLong(), 0);
    java.nio.file.Path spool =
        java.nio.file.Path.of("target", "demo-logs", "reliability", "faults-spool")
            .toAbsolutePath();
    List<DemoPair> pairs = new ArrayList<>();
    try {
      pairs.add(DemoPair.start("export-off", Map.of("OTEL_TRACES_EXPORTER", "none")));
      pairs.add(
          DemoPair.start("collector-unreachable", otlpHttp("http://127.0.0.1:" + closedPort)));
      pairs.add(
          DemoPair.start(
              "collector-slow", otlpHttp("http://127.0.0.1:" + slow.getAddress().getPort())));
      String healthyEndpoint = "http://127.0.0.1:" + healthy.getAddress().getPort();
      pairs.add(DemoPair.start("collector-healthy", otlpHttp(healthyEndpoint)));
      Map<String, String> spooled = otlpHttp(healthyEndpoint);
      spooled.put("TRACEBRIDGE_EXPORT_SPOOL", spool.toString());
      pairs.add(DemoPair.start("collector-healthy-spool-on", spooled));

      drive(pairs, WARM_UP);
      long[][] latencies = drive(pairs, REQUESTS);
      long[] heap = new long[pairs.size()];
      for (DemoPair pair : pairs) {
        pair.close();
      }
      for (int i = 0; i < pairs.size(); i++) {
        heap[i] = pairs.get(i).peakHeapMiB();
      }

      long[] off = latencies[0];
      for (int i = 0; i < pairs.size(); i++) {
        DemoPair pair = pairs.get(i);
        long[] l = latencies[i];
        LatencyRatio p50 = LatencyRatio.of(l, off, 50);
        LatencyRatio p99 = LatencyRatio.of(l, off, 99);
        System.out.printf(
            "[faults] %s: %d requests, all 200; p50 %.2f ms, %s export-off; p99 %.2f ms, %s;"
                + " peak heap %d MiB of %s%n",
            pair.name,
            l.length,
            ms(LatencyRatio.percentile(l.clone(), 50)),
            p50,
            ms(LatencyRatio.percentile(l.clone(), 99)),
            p99,
            heap[i],
            DemoPair.MAX_HEAP);
        for (String w : pair.warnings()) {
          System.out.println("[faults] " + pair.name + " " + w);
        }
        assertThat(pair.uncaught()).as("%s: exceptions thrown on a thread", pair.name).isEmpty();
        if (i == HEALTHY_SPOOLED) {
          // The spool's cost while the collector is healthy: against the same pair without it.
          LatencyRatio p50Spool = LatencyRatio.of(l, latencies[HEALTHY], 50);
          LatencyRatio p99Spool = LatencyRatio.of(l, latencies[HEALTHY], 99);
          System.out.printf(
              "[faults] spool on / off, collector healthy: p50 %s, p99 %s%n", p50Spool, p99Spool);
          assertThat(p50Spool.low())
              .as("spool on / off p50 = %s: slower than %s beyond noise", p50Spool, SPOOL_MAX)
              .isLessThanOrEqualTo(SPOOL_MAX);
          assertThat(p99Spool.low())
              .as("spool on / off p99 = %s: slower than %s beyond noise", p99Spool, SPOOL_MAX)
              .isLessThanOrEqualTo(SPOOL_MAX);
        } else if (i > 0) {
          assertThat(p50.low())
              .as(
                  "%s p50 / export-off p50 = %s: slower than %s beyond noise",
                  pair.name, p50, MAX_SLOWDOWN)
              .isLessThanOrEqualTo(MAX_SLOWDOWN);
          assertThat(p99.low())
              .as(
                  "%s p99 / export-off p99 = %s: slower than %s beyond noise",
                  pair.name, p99, MAX_SLOWDOWN)
              .isLessThanOrEqualTo(MAX_SLOWDOWN);
        }
      }
      assertThat(pairs.get(0).warnings()).as("export off").isEmpty();
      assertThat(pairs.get(HEALTHY).warnings()).as("collector healthy").isEmpty();
      assertThat(pairs.get(HEALTHY_SPOOLED).warnings())
          .as("collector healthy, spool on: nothing spooled, nothing to report")
          .isEmpty();
      // Per service, tracebridge's own lines: one when export starts failing, at most one when the
      // queue starts overflowing, one count at shutdown; never a line per span or per batch. Beside
      // them, OpenTelemetry's exporter logs its own failures (throttled by the SDK): tracebridge
      // neither silences nor reads those.
      for (DemoPair pair : List.of(pairs.get(1), pairs.get(2))) {
        List<String> lines = pair.warnings();
        for (String service : List.of("backend", "frontend")) {
          List<String> own =
              lines.stream()
                  .filter(w -> w.startsWith(service + ":"))
                  .filter(w -> !isOpenTelemetrysOwn(w))
                  .toList();
          assertThat(own)
              .as("%s %s", pair.name, service)
              .allMatch(
                  w ->
                      w.contains("; the application is unaffected")
                          || w.contains("export queue is full")
                          || w.contains("at shutdown:"));
          assertThat(own)
              .filteredOn(w -> w.contains("; the application is unaffected"))
              .hasSizeLessThanOrEqualTo(1);
          assertThat(own)
              .filteredOn(w -> w.contains("export queue is full"))
              .hasSizeLessThanOrEqualTo(1);
          assertThat(own).filteredOn(w -> w.contains("at shutdown:")).hasSize(1);
        }
      }
      assertThat(pairs.get(1).warnings())
          .filteredOn(
              w -> w.contains("span export to") && w.contains("; the application is unaffected"))
          .hasSize(2);
      assertThat(pairs.get(1).warnings())
          .as("OpenTelemetry's own diagnostics are not silenced")
          .anyMatch(CollectorFaultsTest::isOpenTelemetrysOwn);
      assertThat(pairs.get(1).warnings())
          .filteredOn(w -> w.contains("at shutdown:"))
          .allMatch(w -> w.contains(" 0 exported"));
      // The slow collector took batches (5 s each); what its queue could not hold was dropped and
      // counted, and what was still queued when the flush ended is counted too.
      assertThat(slowRequests.get()).isPositive();
      assertThat(pairs.get(2).warnings())
          .filteredOn(w -> w.contains("at shutdown:"))
          .allMatch(
              w ->
                  w.matches(
                      ".* [1-9][0-9]* exported, 0 lost in failed exports, [0-9]+ dropped because"
                          + " the export queue was full, [0-9]+ never sent.*"))
          .noneMatch(w -> w.contains(" 0 dropped because the export queue was full, 0 never sent"));
    } finally {
      for (DemoPair pair : pairs) {
        pair.close();
      }
      slow.stop(0);
      healthy.stop(0);
    }
  }

  /**
   * A line OpenTelemetry logged itself, not tracebridge: its exporter's failure line, or its
   * throttling logger saying it will log that line less often.
   */
  private static boolean isOpenTelemetrysOwn(String line) {
    return line.contains("SEVERE: Failed to export spans")
        || line.contains("SEVERE: Too many log messages detected");
  }

  private static Map<String, String> otlpHttp(String endpoint) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_TRACES_EXPORTER", "otlp");
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    return env;
  }

  /** An OTLP/HTTP receiver that reads each request and answers 200 only after 5 seconds. */
  private static HttpServer slowReceiver(AtomicLong requests) throws IOException {
    return receiver(requests, 5_000);
  }

  /** An OTLP/HTTP receiver that reads each request and answers 200 after {@code delayMillis}. */
  private static HttpServer receiver(AtomicLong requests, long delayMillis) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          requests.incrementAndGet();
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "collector-" + delayMillis + "ms");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return server;
  }

  /**
   * Sends {@code n} checkouts to each pair, one pair after another in turn; every one must succeed.
   */
  private static long[][] drive(List<DemoPair> pairs, int n) throws InterruptedException {
    long[][] latencies = new long[pairs.size()][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < pairs.size(); k++) {
        int which = (i + k) % pairs.size(); // rotate who goes first
        long latency = pairs.get(which).checkout(1 + i % 97, 1 + i % 9, null);
        assertThat(latency).as("%s request %d answered 200", pairs.get(which).name, i).isPositive();
        latencies[which][i] = latency;
      }
    }
    return latencies;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
