package io.tracebridge.demo;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same end-to-end checks against the Jaeger image docker-compose.yml uses, for machines with
 * Docker. Without a Docker engine (as on the CI machines here) it is skipped, not counted as
 * passed.
 */
@Testcontainers(disabledWithoutDocker = true)
class JaegerContainerEndToEndTest {
  @Container
  @SuppressWarnings("resource")
  private final GenericContainer<?> jaeger =
      new GenericContainer<>("jaegertracing/jaeger:2.13.0")
          .withExposedPorts(4317, 16686, 13133)
          .waitingFor(Wait.forHttp("/status").forPort(13133));

  @Test
  void aTraceCrossesBothServicesOverHttpAndGrpcAndArrivesWholeInTheJaegerImage() throws Exception {
    String host = jaeger.getHost();
    JaegerTraceChecks.run(
        "http://" + host + ":" + jaeger.getMappedPort(4317),
        "http://" + host + ":" + jaeger.getMappedPort(16686));
  }
}
