package io.tracebridge.demo;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Jaeger process, built from its Go module by scripts/build-jaeger.sh (which .ci/run runs
 * first), on ports of its own; it can be stopped and started again on the same ports. Under CI=true
 * a missing binary fails the test; outside CI the test is skipped, saying why.
 */
public final class JaegerProcess implements AutoCloseable {
  private final Path binary;
  private final Path config;
  private final Path log;

  /** The OTLP/gRPC port. */
  public final int otlpGrpc;

  /** The query (HTTP API) port. */
  public final int query;

  private final int otlpHttp;
  private final int queryGrpc;
  private final int health;
  private Process process;

  private JaegerProcess(Path binary, Path logs) throws IOException {
    this.binary = binary;
    this.otlpGrpc = DemoProcesses.freePort();
    this.query = DemoProcesses.freePort();
    this.otlpHttp = DemoProcesses.freePort();
    this.queryGrpc = DemoProcesses.freePort();
    this.health = DemoProcesses.freePort();
    this.config = Files.createTempFile("jaeger-e2e", ".yaml");
    try (InputStream in = JaegerProcess.class.getResourceAsStream("/jaeger-e2e.yaml")) {
      Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.createDirectories(logs);
    this.log = logs.resolve("jaeger.log");
    Files.deleteIfExists(log);
  }

  /**
   * Starts Jaeger and waits until it is healthy.
   *
   * @param logs where its output goes ({@code jaeger.log}, appended to on each start)
   * @return the running Jaeger
   * @throws Exception if it cannot start, or (under CI) there is no binary
   */
  public static JaegerProcess start(Path logs) throws Exception {
    Path binary = locate();
    for (int attempt = 1; ; attempt++) {
      JaegerProcess jaeger = new JaegerProcess(binary, logs);
      try {
        jaeger.restart();
        return jaeger;
      } catch (AssertionError e) {
        jaeger.close();
        // Another process took one of the ports between their choice and Jaeger's bind: choose
        // again. Anything else is the test's failure.
        if (attempt == 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
          throw e;
        }
        // The next attempt starts a fresh jaeger.log: keep this attempt's log on the console.
        System.out.println(
            "Jaeger attempt "
                + attempt
                + " could not bind a port another process took; new ports. Its failure:\n"
                + e.getMessage());
      }
    }
  }

  /** The OTLP/gRPC endpoint, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public String otlpEndpoint() {
    return "http://127.0.0.1:" + otlpGrpc;
  }

  /** The base URL of the query API. */
  public String queryBase() {
    return "http://127.0.0.1:" + query;
  }

  /**
   * Starts Jaeger again, on the same ports, after {@link #stop()}; waits until it is healthy.
   *
   * @throws Exception if it does not become healthy within 60 s
   */
  public void restart() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.toString());
    // A clean environment, since Jaeger reads OTEL_* too. Self-tracing is off in the config.
    builder.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("JAEGER_"));
    builder
        .environment()
        .putAll(
            Map.of(
                "JAEGER_OTLP_GRPC_PORT", String.valueOf(otlpGrpc),
                "JAEGER_OTLP_HTTP_PORT", String.valueOf(otlpHttp),
                "JAEGER_QUERY_PORT", String.valueOf(query),
                "JAEGER_QUERY_GRPC_PORT", String.valueOf(queryGrpc),
                "JAEGER_HEALTH_PORT", String.valueOf(health)));
    Files.writeString(log, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    awaitHealthy();
  }

  /**
   * Stops Jaeger (SIGTERM, then forcibly); its in-memory traces are gone.
   *
   * @throws InterruptedException if interrupted
   */
  public void stop() throws InterruptedException {
    DemoProcesses.stop(process);
  }

  @Override
  public void close() throws Exception {
    stop();
    Files.deleteIfExists(config);
  }

  private void awaitHealthy() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("Jaeger exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health + "/status"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    fail("Jaeger did not become healthy within 60 s:\n" + Files.readString(log));
  }

  /** The binary from TRACEBRIDGE_JAEGER_BIN, else where scripts/build-jaeger.sh caches it. */
  static Path locate() {
    String configured = System.getenv("TRACEBRIDGE_JAEGER_BIN");
    String cache = System.getenv("TRACEBRIDGE_CACHE");
    if (cache == null || cache.isBlank()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      cache =
          (xdg == null || xdg.isBlank() ? System.getProperty("user.home") + "/.cache" : xdg)
              + "/tracebridge";
    }
    Path binary =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(cache, "jaeger-2.13.0", "jaeger");
    if (!Files.isExecutable(binary)) {
      String why =
          "no Jaeger binary at "
              + binary
              + "; run scripts/build-jaeger.sh (or set TRACEBRIDGE_JAEGER_BIN)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires the Jaeger end-to-end tests to run, but " + why);
      }
      System.out.println("Skipping a Jaeger end-to-end test: " + why);
      assumeTrue(false, why);
    }
    return binary;
  }
}
