package io.tracebridge.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracebridge.demo.backend.BackendMain;
import io.tracebridge.demo.frontend.FrontendMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The embedded demo ({@code ./run-demo}): starts the backend and the frontend as two JVM processes,
 * sends a handful of requests (two that succeed, one for an unknown user, one for an item count the
 * backend cannot stock), prints each trace as a waterfall, and stops both services.
 *
 * <p>The services export their spans as OTLP JSON on standard error ({@code logging-otlp}), which
 * is where the waterfalls come from. If {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set, or something
 * answers on {@code localhost:4317} (a local Jaeger), they also export OTLP there. Their console
 * output goes to {@code target/demo-logs/}.
 */
public final class RunDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request of the demo and what came back. */
  public record Result(String query, int status, String body, String traceId) {}

  private final List<DemoSpan> spans = new CopyOnWriteArrayList<>();
  private final Path logs;
  private final Map<String, String> environment;

  private RunDemo(Path logs, Map<String, String> environment) {
    this.logs = logs;
    this.environment = Map.copyOf(environment);
  }

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws Exception if the services cannot be started
   */
  public static void main(String[] args) throws Exception {
    run(System.out, Path.of("demo-services", "target", "demo-logs"));
  }

  /**
   * Runs the demo, printing to {@code out}.
   *
   * @param out where the report goes
   * @param logs where the services' console output goes
   * @return the requests made and the spans of each trace
   * @throws Exception if the services cannot be started
   */
  public static Map<Result, List<DemoSpan>> run(PrintStream out, Path logs) throws Exception {
    return run(out, logs, System.getenv());
  }

  /**
   * Runs the demo with {@code environment} as the user's environment: its {@code OTEL_*} and {@code
   * TRACEBRIDGE_*} settings go to both services.
   *
   * @param out where the report goes
   * @param logs where the services' console output goes
   * @param environment the environment to take the user's settings from
   * @return the requests made and the spans of each trace
   * @throws Exception if the services cannot be started
   */
  public static Map<Result, List<DemoSpan>> run(
      PrintStream out, Path logs, Map<String, String> environment) throws Exception {
    Files.createDirectories(logs);
    return new RunDemo(logs, environment).execute(out);
  }

  private Map<Result, List<DemoSpan>> execute(PrintStream out) throws Exception {
    int backendHttp = DemoProcesses.freePort();
    int backendGrpc = DemoProcesses.freePort();
    int frontendPort = DemoProcesses.freePort();
    String exporters = exporters(environment);
    out.println(
        "starting backend and frontend (traces: "
            + exporters
            + ", console output in "
            + logs
            + ")");
    Process backend =
        start(
            "backend",
            BackendMain.class,
            exporters,
            Map.of(
                "BACKEND_BIND_ADDRESS", "127.0.0.1",
                "BACKEND_HTTP_PORT", String.valueOf(backendHttp),
                "BACKEND_GRPC_PORT", String.valueOf(backendGrpc)));
    Process frontend = null;
    try {
      DemoProcesses.awaitPort(backendHttp, backend);
      DemoProcesses.awaitPort(backendGrpc, backend);
      frontend =
          start(
              "frontend",
              FrontendMain.class,
              exporters,
              Map.of(
                  "FRONTEND_BIND_ADDRESS",
                  "127.0.0.1",
                  "FRONTEND_PORT",
                  String.valueOf(frontendPort),
                  "BACKEND_HTTP_URL",
                  "http://127.0.0.1:" + backendHttp,
                  "BACKEND_GRPC_TARGET",
                  "127.0.0.1:" + backendGrpc));
      DemoProcesses.awaitPort(frontendPort, frontend);

      List<Result> results = new ArrayList<>();
      HttpClient client = HttpClient.newHttpClient();
      // One checkout first, not shown: its trace would be mostly the JVMs warming up (class
      // loading,
      // the gRPC channel's first connection), several seconds that say nothing about tracing.
      out.println("warming up (one checkout, not shown)...");
      client.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + frontendPort + "/checkout?user=1&items=1"))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      for (String query :
          new String[] {"user=42&items=3", "user=7&items=1", "user=0&items=2", "user=5&items=13"}) {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + frontendPort + "/checkout?" + query))
                    .timeout(Duration.ofSeconds(20))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String traceId = JSON.readTree(response.body()).path("trace_id").asText("");
        results.add(new Result(query, response.statusCode(), response.body(), traceId));
        out.println(
            "GET /checkout?" + query + " -> " + response.statusCode() + " " + response.body());
      }
      Map<Result, List<DemoSpan>> traces = collect(results);
      for (Map.Entry<Result, List<DemoSpan>> trace : traces.entrySet()) {
        out.println();
        out.println("GET /checkout?" + trace.getKey().query() + " -> " + trace.getKey().status());
        Waterfall.render(trace.getValue()).forEach(out::println);
      }
      return traces;
    } finally {
      DemoProcesses.stop(frontend);
      DemoProcesses.stop(backend);
      out.println();
      out.println("stopped backend and frontend");
    }
  }

  /** Waits until each trace has spans from both services and stops growing (at most 15 s). */
  private Map<Result, List<DemoSpan>> collect(List<Result> results) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int lastCount = -1;
    int stable = 0;
    while (System.nanoTime() < deadline) {
      int count = spans.size();
      boolean complete =
          results.stream()
              .allMatch(
                  r ->
                      spans.stream()
                              .filter(s -> s.traceId().equals(r.traceId()))
                              .map(DemoSpan::service)
                              .distinct()
                              .count()
                          >= 2);
      stable = count == lastCount ? stable + 1 : 0;
      lastCount = count;
      if (complete && stable >= 5) {
        break;
      }
      Thread.sleep(100);
    }
    Map<Result, List<DemoSpan>> traces = new LinkedHashMap<>();
    for (Result r : results) {
      traces.put(r, spans.stream().filter(s -> s.traceId().equals(r.traceId())).toList());
    }
    return traces;
  }

  private Process start(String name, Class<?> main, String exporters, Map<String, String> settings)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>(userSettings(environment));
    env.putAll(settings);
    env.put("OTEL_TRACES_EXPORTER", exporters);
    Process process = DemoProcesses.start(name, main, env, logs);
    Thread reader = new Thread(() -> readSpans(name, process), name + "-spans");
    reader.setDaemon(true);
    reader.start();
    return process;
  }

  /** Reads the OTLP JSON lines of the logging-otlp exporter; the rest goes to the log file. */
  private void readSpans(String name, Process process) {
    Path log = logs.resolve(name + ".err.log");
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int json = line.indexOf("{\"resource\"");
        if (json >= 0) {
          try {
            spans.addAll(DemoSpan.fromOtlpJson(JSON.readTree(line.substring(json))));
          } catch (IOException e) {
            writer.write("unparsable OTLP JSON: " + e.getMessage() + System.lineSeparator());
          }
        } else {
          writer.write(line + System.lineSeparator());
          writer.flush();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /**
   * The user's own {@code OTEL_*} and {@code TRACEBRIDGE_*} settings, passed to both services
   * (protocol, endpoint, headers, sampler, resource attributes, ...), except the two the demo
   * decides for each service: {@code OTEL_SERVICE_NAME} (backend, frontend) and {@code
   * OTEL_TRACES_EXPORTER} ({@code logging-otlp} for the waterfall, plus {@code otlp} when there is
   * a collector, or the exporters the user listed).
   */
  static Map<String, String> userSettings(Map<String, String> environment) {
    Map<String, String> passed = new TreeMap<>();
    environment.forEach(
        (key, value) -> {
          if ((key.startsWith("OTEL_") || key.startsWith("TRACEBRIDGE_"))
              && !key.equals("OTEL_SERVICE_NAME")
              && !key.equals("OTEL_TRACES_EXPORTER")) {
            passed.put(key, value);
          }
        });
    return passed;
  }

  /**
   * {@code logging-otlp} (what the waterfall reads), plus the exporters the user listed in {@code
   * OTEL_TRACES_EXPORTER}, or else {@code otlp} when a collector is configured or listening.
   */
  private static String exporters(Map<String, String> environment) {
    String listed = environment.get("OTEL_TRACES_EXPORTER");
    if (listed != null && !listed.isBlank()) {
      LinkedHashSet<String> names = new LinkedHashSet<>();
      names.add("logging-otlp");
      for (String name : listed.split(",")) {
        if (!name.isBlank() && !name.trim().equals("none")) {
          names.add(name.trim());
        }
      }
      return String.join(",", names);
    }
    return "logging-otlp" + (externalCollector(environment) ? ",otlp" : "");
  }

  private static boolean externalCollector(Map<String, String> environment) {
    String endpoint = environment.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (endpoint != null && !endpoint.isBlank()) {
      return true;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 4317), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
