package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracebridge.demo.backend.BackendMain;
import io.tracebridge.demo.frontend.FrontendMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives the two demo services, exporting OTLP to a Jaeger, and checks each trace through Jaeger's
 * HTTP query API ({@code /api/traces/{traceId}}): shared by the process-based and the
 * Testcontainers end-to-end tests.
 */
final class JaegerTraceChecks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The requests, and how many spans each trace has when complete. */
  static final Map<String, Integer> REQUESTS = new LinkedHashMap<>();

  static {
    REQUESTS.put("user=42&items=3", 11);
    REQUESTS.put("user=0&items=2", 9);
    REQUESTS.put("user=5&items=13", 6);
  }

  private JaegerTraceChecks() {}

  /**
   * Runs backend and frontend exporting to {@code otlpGrpcEndpoint}, and checks every trace in
   * Jaeger.
   */
  static void run(String otlpGrpcEndpoint, String queryBase) throws Exception {
    Path logs = Path.of("target", "demo-logs", "e2e");
    Files.createDirectories(logs);
    int backendHttp = DemoProcesses.freePort();
    int backendGrpc = DemoProcesses.freePort();
    int frontendPort = DemoProcesses.freePort();
    Map<String, String> otlp =
        Map.of(
            "OTEL_TRACES_EXPORTER", "otlp",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
            "OTEL_EXPORTER_OTLP_ENDPOINT", otlpGrpcEndpoint);
    Process backend = null;
    Process frontend = null;
    try {
      Map<String, String> backendEnv = new LinkedHashMap<>(otlp);
      backendEnv.putAll(
          Map.of(
              "BACKEND_BIND_ADDRESS",
              "127.0.0.1",
              "BACKEND_HTTP_PORT",
              String.valueOf(backendHttp),
              "BACKEND_GRPC_PORT",
              String.valueOf(backendGrpc)));
      backend = DemoProcesses.start("backend", BackendMain.class, backendEnv, logs);
      drain(backend, logs.resolve("backend.err.log"));
      DemoProcesses.awaitPort(backendHttp, backend);
      DemoProcesses.awaitPort(backendGrpc, backend);
      Map<String, String> frontendEnv = new LinkedHashMap<>(otlp);
      frontendEnv.putAll(
          Map.of(
              "FRONTEND_BIND_ADDRESS",
              "127.0.0.1",
              "FRONTEND_PORT",
              String.valueOf(frontendPort),
              "BACKEND_HTTP_URL",
              "http://127.0.0.1:" + backendHttp,
              "BACKEND_GRPC_TARGET",
              "127.0.0.1:" + backendGrpc));
      frontend = DemoProcesses.start("frontend", FrontendMain.class, frontendEnv, logs);
      drain(frontend, logs.resolve("frontend.err.log"));
      DemoProcesses.awaitPort(frontendPort, frontend);

      for (Map.Entry<String, Integer> request : REQUESTS.entrySet()) {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + frontendPort + "/checkout?" + request.getKey()))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String traceId = JSON.readTree(response.body()).path("trace_id").asText();
        assertThat(traceId).as("trace id of " + request.getKey()).matches("[0-9a-f]{32}");
        JsonNode trace = awaitTrace(queryBase, traceId, request.getValue());
        check(request.getKey(), response.statusCode(), trace);
      }
    } finally {
      DemoProcesses.stop(frontend);
      DemoProcesses.stop(backend);
    }
  }

  /** Copies a process's standard error to a file, so it never blocks on a full pipe. */
  private static void drain(Process process, Path file) {
    Thread copier =
        new Thread(
            () -> {
              try (var out = Files.newOutputStream(file)) {
                process.getErrorStream().transferTo(out);
              } catch (java.io.IOException e) {
                // the process ended
              }
            });
    copier.setDaemon(true);
    copier.start();
  }

  /** Polls Jaeger until the trace has all its spans, for at most 60 seconds. */
  static JsonNode awaitTrace(String queryBase, String traceId, int spans) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(queryBase + "/api/traces/" + traceId))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        last = JSON.readTree(response.body()).path("data").path(0);
        if (last.path("spans").size() >= spans) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Jaeger has not got the "
            + spans
            + " spans of trace "
            + traceId
            + " after 60 s; last: "
            + last);
  }

  private static void check(String query, int status, JsonNode trace) {
    Map<String, String> services = new LinkedHashMap<>();
    trace
        .path("processes")
        .properties()
        .forEach(e -> services.put(e.getKey(), e.getValue().path("serviceName").asText()));
    assertThat(services.values()).as(query).contains("frontend", "backend");
    List<JsonNode> spans = new ArrayList<>();
    trace.path("spans").forEach(spans::add);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    spans.forEach(s -> byId.put(s.path("spanID").asText(), s));

    JsonNode httpClient = span(spans, services, "frontend", "GET", "client");
    JsonNode httpServer = span(spans, services, "backend", "GET /inventory", "server");
    assertThat(parentOf(httpServer))
        .as(query + ": HTTP hop CHILD_OF")
        .isEqualTo(httpClient.path("spanID").asText());
    assertThat(tag(httpClient, "http.request.method")).isEqualTo("GET");
    assertThat(tag(httpServer, "http.route")).isEqualTo("/inventory");
    if (!query.contains("items=13")) {
      JsonNode reserve = span(spans, services, "backend", "reserve_stock", "consumer");
      assertThat(parentOf(reserve))
          .as(query + ": worker span's parent")
          .isEqualTo(httpServer.path("spanID").asText());
      JsonNode grpcClient =
          span(spans, services, "frontend", "tracebridge.demo.Pricing/Quote", "client");
      JsonNode grpcServer =
          span(spans, services, "backend", "tracebridge.demo.Pricing/Quote", "server");
      assertThat(parentOf(grpcServer))
          .as(query + ": gRPC hop CHILD_OF")
          .isEqualTo(grpcClient.path("spanID").asText());
      assertThat(tag(grpcClient, "rpc.system.name")).isEqualTo("grpc"); // stable RPC conventions
      assertThat(tag(grpcClient, "rpc.method")).isEqualTo("tracebridge.demo.Pricing/Quote");
      if (query.contains("user=0")) {
        assertThat(status).isEqualTo(404);
        assertThat(tag(grpcClient, "otel.status_code"))
            .as(query + ": failing gRPC call")
            .isEqualTo("ERROR");
        assertThat(tag(grpcClient, "rpc.status_code")).isEqualTo("NOT_FOUND");
        // The warning belongs to the checkout span, not to the server span around it.
        JsonNode checkout =
            spans.stream()
                .filter(s -> s.path("operationName").asText().equals("checkout"))
                .filter(s -> "frontend".equals(services.get(s.path("processID").asText())))
                .findFirst()
                .orElseThrow();
        JsonNode frontendServer = span(spans, services, "frontend", "GET /checkout", "server");
        assertThat(events(checkout)).as(query + ": checkout's events").contains("pricing refused");
        assertThat(events(frontendServer))
            .as(query + ": GET /checkout's events")
            .doesNotContain("pricing refused");
        assertThat(tag(grpcClient, "error.type")).isEqualTo("NOT_FOUND");
      } else {
        assertThat(status).isEqualTo(200);
        assertThat(spans).noneMatch(s -> "ERROR".equals(tag(s, "otel.status_code")));
      }
    } else {
      assertThat(status).isEqualTo(502);
      assertThat(tag(httpServer, "otel.status_code"))
          .as(query + ": failing inventory")
          .isEqualTo("ERROR");
      JsonNode frontendServer = span(spans, services, "frontend", "GET /checkout", "server");
      assertThat(tag(frontendServer, "otel.status_code")).isEqualTo("ERROR");
    }
  }

  private static JsonNode span(
      List<JsonNode> spans,
      Map<String, String> services,
      String service,
      String name,
      String kind) {
    return spans.stream()
        .filter(s -> s.path("operationName").asText().equals(name))
        .filter(s -> service.equals(services.get(s.path("processID").asText())))
        .filter(s -> kind.equals(tag(s, "span.kind")))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + kind + " span '" + name + "' from " + service + " in " + spans));
  }

  private static String parentOf(JsonNode span) {
    for (JsonNode ref : span.path("references")) {
      if (ref.path("refType").asText().equals("CHILD_OF")) {
        return ref.path("spanID").asText();
      }
    }
    return "";
  }

  /** The names of a Jaeger span's logs (OpenTelemetry span events). */
  private static List<String> events(JsonNode span) {
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode log : span.path("logs")) {
      for (JsonNode field : log.path("fields")) {
        if (field.path("key").asText().equals("event")) {
          names.add(field.path("value").asText());
        }
      }
    }
    return names;
  }

  private static String tag(JsonNode span, String key) {
    for (JsonNode tag : span.path("tags")) {
      if (tag.path("key").asText().equals(key)) {
        return tag.path("value").asText();
      }
    }
    return null;
  }
}
