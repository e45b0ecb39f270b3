package io.tracebridge.demo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.demo.backend.Backend;
import io.tracebridge.demo.frontend.Frontend;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 10,000 checkouts at concurrency 64 through frontend and backend (HTTP, gRPC and the worker queue,
 * over loopback sockets), every span exported to memory: each trace must hold exactly the expected
 * span tree, with the right parents, and only its own request's spans; and no thread may be left
 * holding a context afterwards. Runs in the {@code reliability} surefire execution's own JVM, with
 * {@link DemoTelemetry}: the real SDK, OpenTelemetry's strict context checking and our scope-leak
 * check. Also checks that baggage set by the frontend reached the backend (an internal host).
 */
class LoadIntegrityTest {
  static final int REQUESTS = Integer.getInteger("tracebridge.load.requests", 10_000);
  static final int CONCURRENCY = 64;
  private static final Pattern TRACE_ID = Pattern.compile("\"trace_id\":\"([0-9a-f]{32})\"");
  private static final InMemorySpanExporter SPANS = DemoTelemetry.SPANS;

  /** name → parent name, for the 11 spans of one checkout; the server span is the root. */
  static final Map<String, String> TREE =
      Map.ofEntries(
          Map.entry("GET /checkout", ""),
          Map.entry("checkout", "GET /checkout"),
          Map.entry("validate_cart", "checkout"),
          Map.entry("GET", "checkout"),
          Map.entry("GET /inventory", "GET"),
          Map.entry("check_stock", "GET /inventory"),
          Map.entry("reserve_stock", "GET /inventory"),
          Map.entry("tracebridge.demo.Pricing/Quote client", "checkout"),
          Map.entry(
              "tracebridge.demo.Pricing/Quote server", "tracebridge.demo.Pricing/Quote client"),
          Map.entry("price_rules", "tracebridge.demo.Pricing/Quote server"),
          Map.entry("apply_discounts", "checkout"));

  static {
    DemoTelemetry.install();
  }

  @Test
  void tenThousandConcurrentCheckoutsEachExportExactlyTheirOwnCompleteSpanTreeAndLeakNoContext()
      throws Exception {
    Map<String, Integer> itemsByTrace = new HashMap<>();
    Map<String, Integer> userByTrace = new HashMap<>();
    long[] latencies = new long[REQUESTS];
    long started;
    long elapsed;
    try (Backend backend = Backend.start("127.0.0.1", 0, 0);
        Frontend frontend =
            Frontend.start(
                "127.0.0.1",
                0,
                "http://127.0.0.1:" + backend.httpPort(),
                "127.0.0.1:" + backend.grpcPort())) {
      for (int warm = 0; warm < 50; warm++) {
        checkout(frontend.port(), 1, 2);
      }
      DemoTelemetry.sampleRoots(true);
      SPANS.reset();
      ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
      List<Future<String[]>> results = new ArrayList<>(REQUESTS);
      started = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        int user = i + 1;
        int items = 1 + i % 9; // never 13: every request succeeds
        results.add(
            clients.submit(
                () -> {
                  long t0 = System.nanoTime();
                  String traceId = checkout(frontend.port(), user, items);
                  return new String[] {
                    traceId,
                    String.valueOf(items),
                    String.valueOf(System.nanoTime() - t0),
                    String.valueOf(user)
                  };
                }));
      }
      for (int i = 0; i < REQUESTS; i++) {
        String[] r = results.get(i).get(2, TimeUnit.MINUTES);
        assertThat(itemsByTrace.put(r[0], Integer.parseInt(r[1]))).as("trace id reused").isNull();
        latencies[i] = Long.parseLong(r[2]);
        userByTrace.put(r[0], Integer.parseInt(r[3]));
      }
      elapsed = System.nanoTime() - started;
      clients.shutdown();
      waitForSpans(REQUESTS * TREE.size());
    }

    Map<String, List<SpanData>> byTrace =
        SPANS.getFinishedSpanItems().stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    assertThat(byTrace.keySet()).containsExactlyInAnyOrderElementsOf(itemsByTrace.keySet());
    byTrace.forEach(
        (traceId, spans) ->
            checkTree(traceId, spans, itemsByTrace.get(traceId), userByTrace.get(traceId)));
    assertThat(ScopeLeakDetector.openScopes()).as("threads left holding a context").isEmpty();
    assertThat(ScopeLeakDetector.crossThreadCloses())
        .as("scopes closed on another thread")
        .isZero();

    Arrays.sort(latencies);
    System.out.printf(
        "[load] %,d checkouts at concurrency %d in %.1f s: %.0f requests/s, p50 %.2f ms, p99 %.2f"
            + " ms; %,d spans exported, every trace complete; %,d scopes attached on %d threads,"
            + " none left open%n",
        REQUESTS,
        CONCURRENCY,
        elapsed / 1e9,
        REQUESTS / (elapsed / 1e9),
        latencies[REQUESTS / 2] / 1e6,
        latencies[REQUESTS * 99 / 100] / 1e6,
        SPANS.getFinishedSpanItems().size(),
        ScopeLeakDetector.attaches(),
        ScopeLeakDetector.threadsSeen());
  }

  private static void checkTree(String traceId, List<SpanData> spans, int items, int user) {
    Map<String, SpanData> byName = new HashMap<>();
    for (SpanData span : spans) {
      String name =
          span.getName().startsWith("tracebridge.demo.Pricing/Quote")
              ? span.getName() + (span.getKind() == SpanKind.CLIENT ? " client" : " server")
              : span.getName();
      assertThat(byName.put(name, span)).as("%s: span %s twice", traceId, name).isNull();
    }
    assertThat(byName.keySet()).as(traceId).containsExactlyInAnyOrderElementsOf(TREE.keySet());
    TREE.forEach(
        (name, parent) -> {
          SpanData span = byName.get(name);
          if (parent.isEmpty()) {
            assertThat(span.getParentSpanContext().isValid())
                .as("%s: %s is the root", traceId, name)
                .isFalse();
          } else {
            assertThat(span.getParentSpanId())
                .as("%s: parent of %s", traceId, name)
                .isEqualTo(byName.get(parent).getSpanId());
          }
        });
    // The request's own values, on both sides of each hop: nothing from another request.
    assertThat(byName.get("checkout").getAttributes().get(AttributeKey.longKey("user")))
        .isEqualTo((long) user);
    assertThat(byName.get("checkout").getAttributes().get(AttributeKey.longKey("items")))
        .isEqualTo((long) items);
    assertThat(byName.get("check_stock").getAttributes().get(AttributeKey.longKey("items")))
        .isEqualTo((long) items);
    assertThat(byName.get("check_stock").getAttributes().get(AttributeKey.stringKey("user")))
        .as("%s: the user id, carried to the backend as baggage", traceId)
        .isEqualTo(String.valueOf(user));
    assertThat(byName.get("reserve_stock").getAttributes().get(AttributeKey.stringKey("sku")))
        .isEqualTo("sku-" + items);
    assertThat(byName.get("price_rules").getAttributes().get(AttributeKey.longKey("items")))
        .isEqualTo((long) items);
  }

  private static void waitForSpans(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (SPANS.getFinishedSpanItems().size() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(200); // anything extra would show up as a surplus span
  }

  private static String checkout(int port, int user, int items) throws IOException {
    URL url = new URL("http://127.0.0.1:" + port + "/checkout?user=" + user + "&items=" + items);
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(30_000);
    int status = connection.getResponseCode();
    String body;
    try (InputStream in =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (status != 200) {
      throw new IllegalStateException(
          "checkout user=" + user + " items=" + items + " answered " + status + ": " + body);
    }
    Matcher m = TRACE_ID.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no trace id in " + body);
    }
    return m.group(1);
  }
}
