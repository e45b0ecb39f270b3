package io.tracebridge.demo.reliability;

import io.tracebridge.demo.DemoProcesses;
import io.tracebridge.demo.backend.BackendMain;
import io.tracebridge.demo.frontend.FrontendMain;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backend and a frontend as two JVMs on loopback, each with a bounded heap and a GC log,
 * exporting as {@code telemetry} says: what the fault tests drive requests through. Both processes'
 * standard output and error go to files under {@code logs}, so their warnings can be counted.
 */
final class DemoPair implements AutoCloseable {
  static final String MAX_HEAP = "-Xmx160m";
  private static final Pattern TRACE_ID = Pattern.compile("\"trace_id\":\"([0-9a-f]{32})\"");
  private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final String name;
  private final Path logs;
  private final int frontendPort;
  private Process backend;
  private final Process frontend;
  private final Map<String, String> backendEnv;
  private final List<String> jvmOptions;

  private DemoPair(
      String name,
      Path logs,
      int frontendPort,
      Process backend,
      Process frontend,
      Map<String, String> backendEnv,
      List<String> jvmOptions) {
    this.name = name;
    this.backendEnv = backendEnv;
    this.jvmOptions = jvmOptions;
    this.logs = logs;
    this.frontendPort = frontendPort;
    this.backend = backend;
    this.frontend = frontend;
  }

  /** Starts the pair and waits until both listen. */
  static DemoPair start(String name, Map<String, String> telemetry)
      throws IOException, InterruptedException {
    return start(name, telemetry, List.of());
  }

  /** Starts the pair, both JVMs with {@code jvmOptions} too, and waits until both listen. */
  static DemoPair start(String name, Map<String, String> telemetry, List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path logs = Path.of("target", "demo-logs", "reliability", name);
    Files.createDirectories(logs);
    int backendHttp = DemoProcesses.freePort();
    int backendGrpc = DemoProcesses.freePort();
    int frontendPort = DemoProcesses.freePort();
    Map<String, String> backendEnv = new LinkedHashMap<>(telemetry);
    backendEnv.putAll(
        Map.of(
            "BACKEND_BIND_ADDRESS",
            "127.0.0.1",
            "BACKEND_HTTP_PORT",
            String.valueOf(backendHttp),
            "BACKEND_GRPC_PORT",
            String.valueOf(backendGrpc)));
    Process backend =
        DemoProcesses.start(
            "backend", BackendMain.class, jvm(logs, "backend", jvmOptions), backendEnv, logs);
    DemoProcesses.awaitPort(backendHttp, backend);
    DemoProcesses.awaitPort(backendGrpc, backend);
    Map<String, String> frontendEnv = new LinkedHashMap<>(telemetry);
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
    Process frontend =
        DemoProcesses.start(
            "frontend", FrontendMain.class, jvm(logs, "frontend", jvmOptions), frontendEnv, logs);
    DemoProcesses.awaitPort(frontendPort, frontend);
    return new DemoPair(name, logs, frontendPort, backend, frontend, backendEnv, jvmOptions);
  }

  private static List<String> jvm(Path logs, String service, List<String> extra) {
    List<String> options = new java.util.ArrayList<>(extra);
    options.add(MAX_HEAP);
    options.add("-Xlog:gc:file=" + logs.resolve(service + "-gc.log").toAbsolutePath());
    return options;
  }

  /** One checkout; returns its latency in nanoseconds, or -1 if it did not answer 200. */
  long checkout(int user, int items, List<String> traceIds) throws InterruptedException {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + frontendPort
                              + "/checkout?user="
                              + user
                              + "&items="
                              + items))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long elapsed = System.nanoTime() - started;
      if (response.statusCode() != 200) {
        return -1;
      }
      if (traceIds != null) {
        Matcher m = TRACE_ID.matcher(response.body());
        if (m.find()) {
          traceIds.add(m.group(1));
        }
      }
      return elapsed;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Kills the backend with SIGKILL (no shutdown hook, no flush) and starts it again on the same
   * ports with the same environment; the killed process's standard error is kept as {@code
   * backend-killed.err} and still read by {@link #warnings()} and {@link #infos()}.
   */
  void killAndRestartBackend() throws IOException, InterruptedException {
    backend.destroyForcibly();
    backend.waitFor();
    Files.move(
        logs.resolve("backend.err"),
        logs.resolve("backend-killed.err"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    backend =
        DemoProcesses.start(
            "backend", BackendMain.class, jvm(logs, "backend", jvmOptions), backendEnv, logs);
    DemoProcesses.awaitPort(Integer.parseInt(backendEnv.get("BACKEND_HTTP_PORT")), backend);
    DemoProcesses.awaitPort(Integer.parseInt(backendEnv.get("BACKEND_GRPC_PORT")), backend);
  }

  /** Stops both services gently (their shutdown hooks flush and report), frontend first. */
  @Override
  public void close() throws InterruptedException {
    DemoProcesses.stop(frontend);
    DemoProcesses.stop(backend);
  }

  /** The largest heap in use before any collection in either service's GC log, in MiB. */
  long peakHeapMiB() throws IOException {
    long peak = 0;
    for (String service : List.of("backend", "frontend")) {
      Path gc = logs.resolve(service + "-gc.log");
      if (Files.exists(gc)) {
        Matcher m = GC_HEAP.matcher(Files.readString(gc));
        while (m.find()) {
          peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
      }
    }
    return peak;
  }

  /** The WARNING and SEVERE lines both services wrote to standard error. */
  List<String> warnings() throws IOException {
    return errorLines(line -> line.startsWith("WARNING:") || line.startsWith("SEVERE:"));
  }

  /** The INFO lines both services wrote to standard error (export recoveries among them). */
  List<String> infos() throws IOException {
    return errorLines(line -> line.startsWith("INFO:"));
  }

  /** Lines of either service's standard error that mention an exception thrown on a thread. */
  List<String> uncaught() throws IOException {
    return errorLines(line -> line.startsWith("Exception in thread"));
  }

  /** The lines of both services' standard error that match, each prefixed with its service. */
  private List<String> errorLines(java.util.function.Predicate<String> match) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String service : List.of("backend-killed", "backend", "frontend")) {
      Path err = logs.resolve(service + ".err");
      if (Files.exists(err)) {
        for (String line : Files.readAllLines(err)) {
          if (match.test(line)) {
            lines.add(service + ": " + line);
          }
        }
      }
    }
    return lines;
  }

  Path logs() {
    return logs;
  }
}
