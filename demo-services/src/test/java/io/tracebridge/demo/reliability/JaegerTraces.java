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

  /** The spans Jaeger has of the trace now; 0 if it has none. */
  static int spans(JaegerProcess jaeger, String traceId) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(jaeger.queryBase() + "/api/traces/" + traceId))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return 0;
    }
    JsonNode trace = JSON.readTree(response.body()).path("data").path(0);
    return trace.path("spans").size();
  }
}
