package io.tracebridge.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import io.tracebridge.okhttp.httpserver.TracingFilter;
import io.tracebridge.propagation.TracebridgePropagators;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OkHttp client and the JDK server filter use the propagators registered globally (by {@code
 * OtelSetup} from {@code OTEL_PROPAGATORS}, the agent, or a framework), whether they were built
 * before that registration or after it.
 */
class ConstructionOrderTest {
  private static final Tracer APP = Tracer.named("app");
  private final HttpFixture otel = new HttpFixture();
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private HttpServer server;

  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
    TracebridgePropagators.resetGlobalForTest();
    if (server != null) {
      server.stop(0);
    }
  }

  @ParameterizedTest(name = "built before the global setup: {0}")
  @ValueSource(booleans = {true, false})
  void theWireFormatIsTheGlobalOneWhicheverWasBuiltFirst(boolean builtFirst) throws Exception {
    Call.Factory http;
    TracingFilter filter;
    if (builtFirst) {
      http = OkHttpTracing.create().newCallFactory(new OkHttpClient());
      filter = TracingFilter.create();
      registerGlobalB3();
    } else {
      registerGlobalB3();
      http = OkHttpTracing.create().newCallFactory(new OkHttpClient());
      filter = TracingFilter.create();
    }
    startServer(filter);

    otel.run(
        () -> {
          try (EnteredSpan caller = APP.infoSpan("caller").entered();
              Response response =
                  http.newCall(new Request.Builder().url(url()).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    long deadline = System.nanoTime() + 5_000_000_000L;
    while (otel.named("GET /inventory").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(2); // the server span ends after the response is written
    }
    assertThat(received).containsKey("b3").doesNotContainKey("traceparent");
    SpanData client = otel.only("GET");
    SpanData serverSpan = otel.only("GET /inventory");
    assertThat(received.get("b3")).startsWith(client.getTraceId() + "-" + client.getSpanId());
    assertThat(serverSpan.getParentSpanId())
        .as("the server read the b3 header")
        .isEqualTo(client.getSpanId());
  }

  private void registerGlobalB3() {
    GlobalOpenTelemetry.set(
        OpenTelemetrySdk.builder()
            .setPropagators(ContextPropagators.create(TracebridgePropagators.named("b3")))
            .build());
    // As the agent or a framework would: nothing tells tracebridge; it looks at most once a ms.
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private void startServer(TracingFilter filter) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server
        .createContext(
            "/inventory",
            exchange -> {
              exchange
                  .getRequestHeaders()
                  .forEach((k, v) -> received.put(k.toLowerCase(), v.get(0)));
              exchange.sendResponseHeaders(200, 2);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes());
              }
            })
        .getFilters()
        .add(filter);
    server.setExecutor(
        task -> new Thread(() -> io.tracebridge.Dispatch.withDefault(otel.registry, task)).start());
    server.start();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/inventory";
  }
}
