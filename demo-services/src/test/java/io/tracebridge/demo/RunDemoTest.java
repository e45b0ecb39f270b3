package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's run command: two JVMs, four requests, a waterfall per trace, both services stopped.
 */
class RunDemoTest {
  @Test
  void theEmbeddedDemoPrintsAWaterfallPerTraceAcrossBothServicesAndStopsThem() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<RunDemo.Result, List<DemoSpan>> traces =
        RunDemo.run(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Path.of("target", "demo-logs", "run-demo-test"));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(traces).hasSize(4);
    assertThat(traces.keySet())
        .extracting(RunDemo.Result::status)
        .containsExactly(200, 200, 404, 502);
    traces.forEach(
        (result, spans) -> {
          assertThat(spans)
              .as(result.query())
              .extracting(DemoSpan::service)
              .contains("frontend", "backend");
          assertThat(spans)
              .as(result.query())
              .allSatisfy(s -> assertThat(s.traceId()).isEqualTo(result.traceId()));
        });
    List<DemoSpan> ok = traces.entrySet().iterator().next().getValue();
    DemoSpan grpcClient =
        ok.stream()
            .filter(s -> s.name().equals("tracebridge.demo.Pricing/Quote") && s.kind() == 3)
            .findFirst()
            .orElseThrow();
    DemoSpan grpcServer =
        ok.stream()
            .filter(s -> s.name().equals("tracebridge.demo.Pricing/Quote") && s.kind() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(grpcServer.parentSpanId()).isEqualTo(grpcClient.spanId());
    assertThat(grpcServer.service()).isEqualTo("backend");
    assertThat(out)
        .contains("trace " + traces.keySet().iterator().next().traceId())
        .containsPattern("frontend +GET /checkout \\[server\\] +\\|█+")
        .containsPattern("backend +reserve_stock \\[consumer\\]")
        .contains("stopped backend and frontend");
    assertThat(out.lines().filter(l -> l.startsWith("trace ")).count())
        .isEqualTo(4); // the warm-up is not shown
    assertThat(out)
        .contains("warming up")
        .doesNotContain("…") // no span name is cut
        .containsPattern(
            "tracebridge.demo.Pricing/Quote \\[client\\] +\\|.*\\| +[0-9.]+ ms  ERROR"
                + " \\(NOT_FOUND\\)")
        .containsPattern("GET /checkout \\[server\\] +\\|.*\\| +[0-9.]+ ms  ok \\(HTTP 404\\)")
        .containsPattern("GET /checkout \\[server\\] +\\|.*\\| +[0-9.]+ ms  ok \\(HTTP 200\\)");
    // The backend's console: its SLF4J line (tracebridge-slf4j) carries the ids of the span it was
    // logged in, and they are the ids of the reserve_stock span that reached the collector.
    List<String> reserved =
        java.nio.file.Files.readAllLines(
                Path.of("target", "demo-logs", "run-demo-test", "backend.log"))
            .stream()
            .filter(l -> l.contains("stock reserved") && l.contains("trace_id="))
            .toList();
    assertThat(reserved).isNotEmpty();
    java.util.regex.Matcher ids =
        java.util.regex.Pattern.compile("trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16})$")
            .matcher(reserved.get(reserved.size() - 1));
    assertThat(ids.find()).as(reserved.get(reserved.size() - 1)).isTrue();
    assertThat(traces.values().stream().flatMap(List::stream))
        .anySatisfy(
            span -> {
              assertThat(span.name()).isEqualTo("reserve_stock");
              assertThat(span.traceId()).isEqualTo(ids.group(1));
              assertThat(span.spanId()).isEqualTo(ids.group(2));
            });
    // No clock skew for Jaeger to flag: every span lies within its parent, across both services and
    // both hops (one host, one clock). It failed for GET /inventory, the gRPC server span and
    // reserve_stock, each of which ended after its parent.
    traces.forEach(
        (result, spans) -> {
          Map<String, DemoSpan> byId = new java.util.HashMap<>();
          spans.forEach(span -> byId.put(span.spanId(), span));
          for (DemoSpan child : spans) {
            DemoSpan parent = byId.get(child.parentSpanId());
            if (parent != null) {
              assertThat(child.startNanos())
                  .as("%s: %s starts within %s", result.query(), child.name(), parent.name())
                  .isGreaterThanOrEqualTo(parent.startNanos());
              assertThat(child.endNanos())
                  .as("%s: %s ends within %s", result.query(), child.name(), parent.name())
                  .isLessThanOrEqualTo(parent.endNanos());
            }
          }
        });
  }

  /**
   * The user's OTEL_* settings reach both services: with OTLP over HTTP (http/protobuf) to a real
   * receiver, every trace of the run arrives there too, not only in the printed waterfall.
   */
  @Test
  void theUsersOtelSettingsReachTheServicesSoHttpProtobufExportArrives() throws Exception {
    java.util.List<byte[]> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.Set<String> contentTypes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 16);
    receiver.createContext(
        "/v1/traces",
        exchange -> {
          bodies.add(exchange.getRequestBody().readAllBytes());
          contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    try {
      Map<RunDemo.Result, List<DemoSpan>> traces =
          RunDemo.run(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              Path.of("target", "demo-logs", "run-demo-http-protobuf"),
              Map.of(
                  "OTEL_EXPORTER_OTLP_PROTOCOL",
                  "http/protobuf",
                  "OTEL_EXPORTER_OTLP_ENDPOINT",
                  "http://127.0.0.1:" + receiver.getAddress().getPort()));

      assertThat(traces).hasSize(4);
      assertThat(contentTypes).containsExactly("application/x-protobuf");
      for (RunDemo.Result result : traces.keySet()) {
        byte[] id = java.util.HexFormat.of().parseHex(result.traceId());
        assertThat(bodies)
            .as("trace %s (%s) at the OTLP/HTTP receiver", result.traceId(), result.query())
            .anyMatch(body -> contains(body, id));
      }
    } finally {
      receiver.stop(0);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
