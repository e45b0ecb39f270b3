package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml and the Dockerfile are kept correct by reading
 * them: pinned images, consistent ports and addresses, environment variables the services really
 * read, health checks, and build paths that exist.
 */
class DockerComposeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** The standard variables OpenTelemetry autoconfigure reads that the compose file may set. */
  private static final Set<String> OTEL_VARS =
      Set.of(
          "OTEL_SERVICE_NAME",
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_PROTOCOL",
          "OTEL_TRACES_EXPORTER",
          "OTEL_METRICS_EXPORTER",
          "OTEL_LOGS_EXPORTER",
          "OTEL_PROPAGATORS",
          "OTEL_TRACES_SAMPLER",
          "OTEL_RESOURCE_ATTRIBUTES");

  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;
  private static String dockerfile;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
    dockerfile = Files.readString(ROOT.resolve("demo-services/Dockerfile"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> env(String service) {
    Map<String, Object> env =
        (Map<String, Object>) services.get(service).getOrDefault("environment", Map.of());
    Map<String, String> out = new java.util.LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  @Test
  void theFourServicesAreThere() {
    assertThat(services).containsOnlyKeys("jaeger", "backend", "frontend", "loadgen");
  }

  @Test
  void everyImageIsPinnedToATag() {
    assertThat(services.get("jaeger").get("image"))
        .isEqualTo("jaegertracing/jaeger:" + jaegerTag());
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
    int images = 0;
    while (from.find()) {
      images++;
      String image = from.group(1);
      assertThat(image).as("Dockerfile FROM").matches("[^:]+:[^:]+").doesNotEndWith(":latest");
    }
    assertThat(images).as("a build stage and a runtime stage").isEqualTo(2);
    assertThat(dockerfile).contains("AS build").contains("-jre");
  }

  @Test
  void theComposeJaegerIsTheReleaseCiBuildsAndTheTestcontainersTestRuns() throws IOException {
    String script = Files.readString(ROOT.resolve("scripts/build-jaeger.sh"));
    assertThat(script).contains("JAEGER_RELEASE=\"" + jaegerTag() + "\"");
    String containerTest =
        Files.readString(
            Path.of("src/test/java/io/tracebridge/demo/JaegerContainerEndToEndTest.java"));
    assertThat(containerTest).contains("\"jaegertracing/jaeger:" + jaegerTag() + "\"");
  }

  private static String jaegerTag() {
    String image = String.valueOf(services.get("jaeger").get("image"));
    return image.substring(image.indexOf(':') + 1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void buildPathsExist() {
    for (String name : List.of("backend", "frontend", "loadgen")) {
      Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
      Path context = ROOT.resolve(String.valueOf(build.get("context"))).normalize();
      assertThat(context).as(name + " build context").isDirectory();
      assertThat(context.resolve(String.valueOf(build.get("dockerfile"))))
          .as(name + " Dockerfile")
          .isRegularFile();
    }
    Matcher copy = Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s").matcher(dockerfile);
    while (copy.find()) {
      assertThat(ROOT.resolve(copy.group(1))).as("COPY " + copy.group(1)).exists();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthchecksExistAndJaegersChecksItsStatusEndpoint() {
    for (String name : List.of("jaeger", "backend", "frontend")) {
      assertThat(services.get(name)).as(name).containsKey("healthcheck");
    }
    List<String> jaegerCheck =
        (List<String>)
            ((Map<String, Object>) services.get("jaeger").get("healthcheck")).get("test");
    assertThat(String.join(" ", jaegerCheck)).contains("13133/status");
    assertThat(healthPort("backend")).isEqualTo(env("backend").get("BACKEND_HTTP_PORT"));
    assertThat(healthPort("frontend")).isEqualTo(env("frontend").get("FRONTEND_PORT"));
  }

  @SuppressWarnings("unchecked")
  private static String healthPort(String service) {
    List<String> test =
        (List<String>) ((Map<String, Object>) services.get(service).get("healthcheck")).get("test");
    Matcher m = Pattern.compile("/(\\d+)$").matcher(test.get(test.size() - 1));
    assertThat(m.find()).as(service + " healthcheck port").isTrue();
    return m.group(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void dependenciesWaitForHealthyServices() {
    Map<String, String> expected =
        Map.of("backend", "jaeger", "frontend", "backend", "loadgen", "frontend");
    expected.forEach(
        (service, dependency) -> {
          Map<String, Object> dependsOn =
              (Map<String, Object>) services.get(service).get("depends_on");
          assertThat(((Map<String, Object>) dependsOn.get(dependency)).get("condition"))
              .isEqualTo("service_healthy");
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void portsAndAddressesAgreeBetweenServices() {
    Map<String, String> backend = env("backend");
    Map<String, String> frontend = env("frontend");
    assertThat(URI.create(frontend.get("BACKEND_HTTP_URL")).getHost()).isEqualTo("backend");
    assertThat(String.valueOf(URI.create(frontend.get("BACKEND_HTTP_URL")).getPort()))
        .isEqualTo(backend.get("BACKEND_HTTP_PORT"));
    assertThat(frontend.get("BACKEND_GRPC_TARGET"))
        .isEqualTo("backend:" + backend.get("BACKEND_GRPC_PORT"));
    assertThat((List<String>) services.get("frontend").get("ports"))
        .contains(frontend.get("FRONTEND_PORT") + ":" + frontend.get("FRONTEND_PORT"));
    assertThat(URI.create(env("loadgen").get("FRONTEND_URL")).getHost()).isEqualTo("frontend");
    assertThat(String.valueOf(URI.create(env("loadgen").get("FRONTEND_URL")).getPort()))
        .isEqualTo(frontend.get("FRONTEND_PORT"));
    for (String name : List.of("backend", "frontend")) {
      assertThat(env(name).get("OTEL_EXPORTER_OTLP_ENDPOINT")).isEqualTo("http://jaeger:4317");
      assertThat(env(name))
          .containsEntry("OTEL_METRICS_EXPORTER", "none")
          .containsEntry("OTEL_LOGS_EXPORTER", "none")
          .containsEntry("OTEL_SERVICE_NAME", name);
    }
    List<String> jaegerPorts = (List<String>) services.get("jaeger").get("ports");
    assertThat(jaegerPorts).contains("16686:16686", "4317:4317", "4318:4318");
  }

  @Test
  @SuppressWarnings("unchecked")
  void bothServicesSpoolOnANamedVolumeMountedWhereTheSpoolSettingPoints() {
    for (String service : List.of("backend", "frontend")) {
      String spool = env(service).get("TRACEBRIDGE_EXPORT_SPOOL");
      assertThat(spool).as(service + " TRACEBRIDGE_EXPORT_SPOOL").startsWith("/");
      List<String> volumes =
          (List<String>) services.get(service).getOrDefault("volumes", List.of());
      assertThat(volumes).as(service + " volumes").contains("spool:" + spool);
    }
    assertThat(compose.get("volumes")).as("top-level volumes").isInstanceOf(Map.class);
    assertThat((Map<String, Object>) compose.get("volumes")).containsKey("spool");
  }

  @Test
  void everyEnvironmentVariableIsOneTheServicesRead() throws IOException {
    String sources;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(f));
      }
      sources = all.toString();
    }
    for (String service : services.keySet()) {
      for (String var : env(service).keySet()) {
        boolean read =
            OTEL_VARS.contains(var)
                || var.startsWith("TRACEBRIDGE_")
                || (var.equals("MAIN") && dockerfile.contains("$MAIN"))
                || sources.contains("\"" + var + "\"");
        assertThat(read).as(service + " sets " + var + ", which nothing reads").isTrue();
      }
    }
    for (String service : List.of("backend", "frontend", "loadgen")) {
      String main = env(service).get("MAIN");
      assertThat(Path.of("src/main/java", main.replace('.', '/') + ".java"))
          .as(service + " MAIN")
          .isRegularFile();
    }
  }
}
