package io.tracebridge.demo.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracebridge.demo.JaegerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What a real Jaeger holds of one trace, through its query API: the reliability suites' reader. */
final class JaegerTraces {
  /** Spans of one successful checkout across both demo services. */
  static final int SPANS_PER_TRACE = 11;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private JaegerTraces() {}

  /** Waits up to {@code seconds} for the trace to have all its spans; returns how many it has. */
  static int awaitComplete(JaegerProcess jaeger, String traceId, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int spans = 0;
    while (System.nanoTime() < deadline) {
      spans = spans(jaeger, traceId);
      if (spans >= SPANS_PER_TRACE) {
        return spans;
      }
      Thread.sleep(250);
    }
    return spans;
  }

  /**
   * The distinct spans Jaeger has of the trace now (by span id; 0 if it has none): export is at
   * least once, so a batch sent again after an unanswered attempt shows a span twice, which makes
   * the trace no less complete.
   */
  static int spans(JaegerProcess jaeger, String traceId) throws Exception {
    return (int) spanIds(jaeger, traceId).stream().distinct().count();
  }

  /** The span ids Jaeger has of the trace now, a span sent twice listed twice. */
  static java.util.List<String> spanIds(JaegerProcess jaeger, String traceId) throws Exception {
    return read(jaeger, traceId, "spanID");
  }

  /** The operation names of the trace's spans, in Jaeger's order: to show an odd trace. */
  static java.util.List<String> spanNames(JaegerProcess jaeger, String traceId) throws Exception {
    return read(jaeger, traceId, "operationName");
  }

  private static java.util.List<String> read(JaegerProcess jaeger, String traceId, String field)
      throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(jaeger.queryBase() + "/api/traces/" + traceId))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    java.util.List<String> ids = new java.util.ArrayList<>();
    if (response.statusCode() != 200) {
      return ids;
    }
    JsonNode trace = JSON.readTree(response.body()).path("data").path(0);
    for (JsonNode span : trace.path("spans")) {
      ids.add(span.path(field).asText());
    }
    return ids;
  }
}
