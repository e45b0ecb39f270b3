package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real Jaeger process, built from its Go module by scripts/build-jaeger.sh (which
 * .ci/run runs first). Under CI=true the test must run: a missing or unstartable Jaeger fails it.
 * Outside CI it is skipped, saying why, when the binary has not been built.
 */
class JaegerEndToEndTest {
  @Test
  void aTraceCrossesBothServicesOverHttpAndGrpcAndArrivesWholeInJaeger() throws Exception {
    Path binary = locateJaeger();
    int otlpGrpc = DemoProcesses.freePort();
    int query = DemoProcesses.freePort();
    int health = DemoProcesses.freePort();
    Path config = Files.createTempFile("jaeger-e2e", ".yaml");
    try (InputStream in = JaegerEndToEndTest.class.getResourceAsStream("/jaeger-e2e.yaml")) {
      Files.copy(in, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path logs = Path.of("target", "demo-logs", "e2e");
    Files.createDirectories(logs);
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config", config.toString());
    // A clean environment, since Jaeger reads OTEL_* too. Self-tracing is off in the config.
    builder.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("JAEGER_"));
    builder.environment().putAll(Map.of(
        "JAEGER_OTLP_GRPC_PORT", String.valueOf(otlpGrpc),
        "JAEGER_OTLP_HTTP_PORT", String.valueOf(DemoProcesses.freePort()),
        "JAEGER_QUERY_PORT", String.valueOf(query),
        "JAEGER_QUERY_GRPC_PORT", String.valueOf(DemoProcesses.freePort()),
        "JAEGER_HEALTH_PORT", String.valueOf(health)));
    builder.redirectErrorStream(true).redirectOutput(logs.resolve("jaeger.log").toFile());
    Process jaeger = builder.start();
    try {
      awaitHealthy(jaeger, health, logs.resolve("jaeger.log"));
      JaegerTraceChecks.run("http://127.0.0.1:" + otlpGrpc, "http://127.0.0.1:" + query);
    } finally {
      DemoProcesses.stop(jaeger);
      Files.deleteIfExists(config);
    }
  }

  /** The binary from TRACEBRIDGE_JAEGER_BIN, else where scripts/build-jaeger.sh caches it. */
  static Path locateJaeger() {
    String configured = System.getenv("TRACEBRIDGE_JAEGER_BIN");
    String cache = System.getenv("TRACEBRIDGE_CACHE");
    if (cache == null || cache.isBlank()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      cache = (xdg == null || xdg.isBlank() ? System.getProperty("user.home") + "/.cache" : xdg) + "/tracebridge";
    }
    Path binary = configured != null && !configured.isBlank()
        ? Path.of(configured) : Path.of(cache, "jaeger-2.13.0", "jaeger");
    if (!Files.isExecutable(binary)) {
      String why = "no Jaeger binary at " + binary + "; run scripts/build-jaeger.sh (or set TRACEBRIDGE_JAEGER_BIN)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true requires the Jaeger end-to-end test to run, but " + why);
      }
      System.out.println("Skipping the Jaeger end-to-end test: " + why);
      assumeTrue(false, why);
    }
    return binary;
  }

  private static void awaitHealthy(Process jaeger, int port, Path log) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!jaeger.isAlive()) {
        fail("Jaeger exited with " + jaeger.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).timeout(Duration.ofSeconds(2)).build(),
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

  @Test
  void theBinaryLocationFollowsTheBuildScript() throws IOException {
    String script = Files.readString(Path.of("..", "scripts", "build-jaeger.sh"));
    assertThat(script).contains("BIN=\"$CACHE/jaeger-$JAEGER_RELEASE/jaeger\"").contains("JAEGER_RELEASE=\"2.13.0\"");
  }
}
