package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the examples' real {@code main} in a fresh JVM with {@code
 * OTEL_TRACES_EXPORTER=logging-otlp} and checks the OTLP JSON it prints: parent and child ids,
 * kinds, typed attributes, events, status.
 */
class OtlpJsonOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PRODUCER = 4;
  private static final int CONSUMER = 5;
  private static final int STATUS_ERROR = 2;

  private static List<JsonNode> spans;
  private static Map<String, JsonNode> byId;

  @BeforeAll
  static void runAllExamplesExportingOtlpJson() throws Exception {
    List<String> command =
        List.of(
            System.getProperty("java.home") + "/bin/java",
            "-cp",
            System.getProperty("java.class.path"),
            AllExamples.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("TRACEBRIDGE_"));
    builder.environment().put("OTEL_TRACES_EXPORTER", "logging-otlp");
    File err = File.createTempFile("examples", ".err");
    builder.redirectError(err).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("examples finished").isTrue();
    assertThat(process.exitValue()).as(Files.readString(err.toPath())).isZero();

    spans = new ArrayList<>();
    for (String line : Files.readAllLines(err.toPath())) {
      if (line.startsWith("INFO: {\"resource\"")) {
        JsonNode batch = JSON.readTree(line.substring("INFO: ".length()));
        for (JsonNode scope : batch.get("scopeSpans")) {
          scope.get("spans").forEach(spans::add);
        }
      }
    }
    err.delete();
    byId = new HashMap<>();
    for (JsonNode span : spans) {
      byId.put(span.get("spanId").asText(), span);
    }
  }

  @Test
  void everyParentIdPointsAtAnExportedSpanOfTheSameTrace() {
    // 2 sync + 3 async + 6 channel + 2 fields + 4 nested errors + 2 lost context + 3 filter
    // (the DEBUG cache_lookup span only under the second directive) + 1 JSON + 6 distributed
    assertThat(spans).hasSize(29);
    for (JsonNode span : spans) {
      String parentId = span.path("parentSpanId").asText("");
      if (!parentId.isEmpty()) {
        assertThat(byId).as("parent of %s", span.get("name").asText()).containsKey(parentId);
        assertThat(byId.get(parentId).get("traceId").asText())
            .isEqualTo(span.get("traceId").asText());
      }
    }
  }

  @Test
  void distributedExampleShowsEachProducerSpanAndItsConsumerChildInOneTrace() {
    assertThat(named("process_order")).hasSize(2);
    for (JsonNode consumer : named("process_order")) {
      JsonNode producer = byId.get(consumer.get("parentSpanId").asText());
      assertThat(producer.get("name").asText()).isEqualTo("send_order");
      assertThat(producer.get("kind").asInt()).isEqualTo(PRODUCER);
      assertThat(consumer.get("kind").asInt()).isEqualTo(CONSUMER);
      assertThat(consumer.get("traceId").asText()).isEqualTo(producer.get("traceId").asText());
    }
  }

  @Test
  void nestedErrorShowsOnBothSpansWithAnExceptionEvent() {
    JsonNode fetch =
        named("fetch_data").stream()
            .filter(s -> "conn-2".equals(attribute(s, "id").path("stringValue").asText()))
            .findFirst()
            .orElseThrow();
    JsonNode handle = byId.get(fetch.get("parentSpanId").asText());

    assertThat(handle.get("name").asText()).isEqualTo("handle_connection");
    assertThat(fetch.path("status").path("code").asInt()).isEqualTo(STATUS_ERROR);
    assertThat(handle.path("status").path("code").asInt()).isEqualTo(STATUS_ERROR);
    for (JsonNode span : List.of(fetch, handle)) {
      List<JsonNode> exceptions = new java.util.ArrayList<>();
      span.get("events")
          .forEach(
              e -> {
                if (e.get("name").asText().equals("exception")) {
                  exceptions.add(e);
                }
              });
      assertThat(exceptions)
          .as("one exception event per span, not one per recording")
          .singleElement()
          .satisfies(
              e ->
                  assertThat(attribute(e, "exception.type").path("stringValue").asText())
                      .isEqualTo("java.io.IOException"));
    }
  }

  @Test
  void typedFieldsAreTypedAttributesAndEventsAreSpanEvents() {
    JsonNode fetchUser =
        named("fetch_user").stream()
            .filter(
                s ->
                    attribute(s, "user_id").has("intValue")
                        && attribute(s, "user_id").get("intValue").asText().equals("1001"))
            .findFirst()
            .orElseThrow();

    assertThat(attribute(fetchUser, "user_id").has("stringValue")).isFalse();
    assertThat(fetchUser.get("events"))
        .anySatisfy(
            e -> {
              assertThat(e.get("name").asText()).isEqualTo("High latency detected");
              assertThat(attribute(e, "latency_ms").get("intValue").asText()).isEqualTo("50");
              assertThat(attribute(e, "level").get("stringValue").asText()).isEqualTo("WARN");
            });
  }

  @Test
  void asyncAndChannelWorkKeepsItsParents() {
    for (JsonNode process : named("process_request")) {
      assertThat(byId.get(process.get("parentSpanId").asText()).get("name").asText())
          .isEqualTo("app-start");
      assertThat(process.get("events"))
          .extracting(e -> e.get("name").asText())
          .contains("Processing request", "Done");
    }
    for (JsonNode consume : named("consume")) {
      assertThat(byId.get(consume.get("parentSpanId").asText()).get("name").asText())
          .isEqualTo("produce");
    }
    assertThat(named("process_request")).hasSize(2);
    assertThat(named("consume")).hasSize(4);
  }

  private static List<JsonNode> named(String name) {
    return spans.stream().filter(s -> s.get("name").asText().equals(name)).toList();
  }

  private static JsonNode only(String name) {
    List<JsonNode> matches = named(name);
    assertThat(matches).as("spans named %s", name).hasSize(1);
    return matches.get(0);
  }

  private static JsonNode attribute(JsonNode node, String key) {
    for (JsonNode attribute : node.path("attributes")) {
      if (attribute.get("key").asText().equals(key)) {
        return attribute.get("value");
      }
    }
    return JSON.createObjectNode();
  }
}
