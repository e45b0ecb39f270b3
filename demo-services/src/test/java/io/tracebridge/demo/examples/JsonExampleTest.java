package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonExampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineIsOneJsonObjectWithNativelyTypedFieldsAndTheSpanStack() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : ConsoleCapture.run(JsonExample::run)) {
      lines.add(JSON.readTree(line));
    }

    assertThat(lines).hasSize(2);
    JsonNode order = lines.get(0);
    assertThat(order.get("timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(order.get("level").asText()).isEqualTo("INFO");
    assertThat(order.get("target").asText()).isEqualTo("io.tracebridge.demo.examples.JsonExample");
    assertThat(order.get("threadName").asText()).isEqualTo("main");
    JsonNode fields = order.get("fields");
    assertThat(fields.get("message").asText()).isEqualTo("order placed");
    assertThat(fields.get("order_id").isIntegralNumber()).isTrue();
    assertThat(fields.get("order_id").asLong()).isEqualTo(981);
    assertThat(fields.get("total").isDouble()).isTrue();
    assertThat(fields.get("express").isBoolean()).isTrue();
    assertThat(fields.get("skus").isArray()).isTrue();
    assertThat(order.get("span").get("name").asText()).isEqualTo("checkout");
    assertThat(order.get("span").get("user_id").isIntegralNumber()).isTrue();
    assertThat(order.get("spans")).hasSize(1);

    JsonNode degraded = lines.get(1);
    assertThat(degraded.get("level").asText()).isEqualTo("WARN");
    assertThat(degraded.get("fields").get("error").get("type").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(degraded.get("fields").get("error").get("message").asText()).isEqualTo("stock low");
  }
}
