package io.tracebridge.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.okhttp.httpserver.TracingFilter;
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
import org.junit.jupiter.api.Test;

/**
 * When a filter turns our HTTP spans off ({@code TRACEBRIDGE_LOG=info,io.tracebridge.okhttp=off}),
 * the trace still crosses, over real sockets: the OkHttp client injects the current context, and
 * the JDK server filter makes the caller's context current for the handler.
 */
class DisabledIntegrationSpansTest {
  private static final Tracer APP = Tracer.named("app");
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_ID = "00f067aa0ba902b7";

  private HttpFixture otel;
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private HttpServer server;

  private void startServer(String directives) throws IOException {
    otel = new HttpFixture(EnvFilter.parse(directives));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server
        .createContext(
            "/inventory",
            exchange -> {
              String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
              received.put("traceparent", traceparent == null ? "none" : traceparent);
              APP.infoSpan("load_stock").run(() -> {});
              exchange.sendResponseHeaders(200, 2);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write("ok".getBytes());
              }
            })
        .getFilters()
        .add(TracingFilter.create());
    server.setExecutor(task -> new Thread(() -> Dispatch.withDefault(otel.registry, task)).start());
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /**
   * The server span ends after the response is written, so the client may see the response first.
   */
  private void awaitSpan(String name) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (otel.named(name).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/inventory";
  }

  @Test
  void aFilteredOutServerSpanStillMakesTheIncomingTraceCurrentForTheHandler() throws Exception {
    startServer("info," + TracingFilter.TARGET + "=off");
    Request request =
        new Request.Builder()
            .url(url())
            .header("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
            .build();
    try (Response response = new OkHttpClient().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    SpanData loadStock = otel.only("load_stock");
    assertThat(loadStock.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(loadStock.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(otel.spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void aFilteredOutClientSpanStillInjectsTheCallersContextAndTheServerJoinsIt() throws Exception {
    startServer("info," + OkHttpTracing.TARGET + "=off");
    Call.Factory http = OkHttpTracing.create().newCallFactory(new OkHttpClient());
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

    // Turning the OkHttp client off leaves the JDK server's span on: its target is not under it.
    awaitSpan("GET /inventory");
    SpanData caller = otel.only("caller");
    SpanData server = otel.only("GET /inventory");
    assertThat(server.getParentSpanId()).isEqualTo(caller.getSpanId());
    assertThat(otel.spans.getFinishedSpanItems()).noneMatch(s -> s.getName().equals("GET"));
    assertThat(received.get("traceparent"))
        .isEqualTo(
            "00-"
                + caller.getTraceId()
                + "-"
                + caller.getSpanId()
                + "-"
                + caller.getSpanContext().getTraceFlags().asHex());
    SpanData loadStock = otel.only("load_stock");
    assertThat(loadStock.getTraceId()).isEqualTo(caller.getTraceId());
    assertThat(loadStock.getParentSpanId()).isEqualTo(server.getSpanId());
  }

  @Test
  void turningTheServerOffLeavesTheOkHttpClientSpanOn() throws Exception {
    startServer("info," + TracingFilter.TARGET + "=off");
    Call.Factory http = OkHttpTracing.create().newCallFactory(new OkHttpClient());
    otel.run(
        () -> {
          try (Response response =
              http.newCall(new Request.Builder().url(url()).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData client = otel.only("GET");
    assertThat(otel.only("load_stock").getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(otel.named("GET /inventory")).isEmpty();
  }
}
