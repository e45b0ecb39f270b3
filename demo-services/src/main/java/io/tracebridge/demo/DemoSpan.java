package io.tracebridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One span as read from OTLP JSON: enough to draw a waterfall.
 *
 * @param service the service name
 * @param traceId the trace id
 * @param spanId the span id
 * @param parentSpanId the parent span id, empty for a root
 * @param name the span name
 * @param kind the OTLP kind number (2 server, 3 client, 4 producer, 5 consumer)
 * @param startNanos the start time
 * @param endNanos the end time
 * @param error whether the status is ERROR
 * @param attributes the span's attributes, in order, each value as text
 * @param serviceVersion the resource's {@code service.version}, or empty
 */
public record DemoSpan(
    String service,
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    int kind,
    long startNanos,
    long endNanos,
    boolean error,
    Map<String, String> attributes,
    String serviceVersion) {

  /**
   * Reads every span of one OTLP JSON export request ({@code {"resource":..,"scopeSpans":[..]}}).
   *
   * @param batch the parsed JSON
   * @return the spans
   */
  public static List<DemoSpan> fromOtlpJson(JsonNode batch) {
    String service = "?";
    String version = "";
    for (JsonNode attribute : batch.path("resource").path("attributes")) {
      if (attribute.path("key").asText().equals("service.name")) {
        service = attribute.path("value").path("stringValue").asText();
      } else if (attribute.path("key").asText().equals("service.version")) {
        version = attribute.path("value").path("stringValue").asText();
      }
    }
    List<DemoSpan> spans = new ArrayList<>();
    for (JsonNode scope : batch.path("scopeSpans")) {
      for (JsonNode s : scope.path("spans")) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode attribute : s.path("attributes")) {
          JsonNode value = attribute.path("value");
          String text =
              value.has("stringValue")
                  ? value.path("stringValue").asText()
                  : value.has("intValue")
                      ? value.path("intValue").asText()
                      : value.has("boolValue")
                          ? value.path("boolValue").asText()
                          : value.has("doubleValue")
                              ? value.path("doubleValue").asText()
                              : value.toString();
          attributes.put(attribute.path("key").asText(), text);
        }
        spans.add(
            new DemoSpan(
                service,
                s.path("traceId").asText(),
                s.path("spanId").asText(),
                s.path("parentSpanId").asText(""),
                s.path("name").asText(),
                s.path("kind").asInt(),
                s.path("startTimeUnixNano").asLong(),
                s.path("endTimeUnixNano").asLong(),
                s.path("status").path("code").asInt() == 2,
                Collections.unmodifiableMap(attributes),
                version));
      }
    }
    return spans;
  }

  /**
   * Returns the duration.
   *
   * @return nanoseconds
   */
  public long durationNanos() {
    return endNanos - startNanos;
  }
}
