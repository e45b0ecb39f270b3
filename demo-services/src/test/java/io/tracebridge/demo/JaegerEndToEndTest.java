package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * End to end against a real Jaeger process, built from its Go module by scripts/build-jaeger.sh
 * (which .ci/run runs first). Under CI=true the test must run: a missing or unstartable Jaeger
 * fails it. Outside CI it is skipped, saying why, when the binary has not been built.
 */
class JaegerEndToEndTest {
  @Test
  void aTraceCrossesBothServicesOverHttpAndGrpcAndArrivesWholeInJaeger() throws Exception {
    try (JaegerProcess jaeger = JaegerProcess.start(Path.of("target", "demo-logs", "e2e"))) {
      JaegerTraceChecks.run(jaeger.otlpEndpoint(), jaeger.queryBase());
    }
  }

  @Test
  void theBinaryLocationFollowsTheBuildScript() throws IOException {
    String script = Files.readString(Path.of("..", "scripts", "build-jaeger.sh"));
    assertThat(script)
        .contains("BIN=\"$CACHE/jaeger-$JAEGER_RELEASE/jaeger\"")
        .contains("JAEGER_RELEASE=\"2.13.0\"");
  }
}
