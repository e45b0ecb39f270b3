package io.tracebridge.okhttp;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.otel.OpenTelemetryLayer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client behaviours that depend most on OkHttp's internals, against the JDK HTTP server over
 * real sockets, so that they also run under OkHttp 4.12 ({@code -Pokhttp4}), where MockWebServer 5
 * cannot.
 */
class ClientOnJdkServerTest {
  private static final Tracer TRACER = Tracer.named("app");
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final Registry registry =
      Registry.builder().with(OpenTelemetryLayer.builder(sdk).build()).build();
  private HttpServer server;
  private final Map<String, String> traceparents = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          traceparents.put(
              path, String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
          int status = 200;
          if (path.equals("/a")) {
            exchange.getResponseHeaders().add("Location", "/b");
            status = 302;
          } else if (path.equals("/b")) {
            exchange.getResponseHeaders().add("Location", "/c");
            status = 302;
          } else if (path.equals("/broken")) {
            status = 500;
          } else if (path.startsWith("/slow")) {
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Request get(String path) {
    return new Request.Builder()
        .url("http://127.0.0.1:" + server.getAddress().getPort() + path)
        .build();
  }

  private List<SpanData> clientSpans() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.CLIENT)
        .toList();
  }

  private SpanData only(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void redirectsGiveSiblingSpansWithResendCountsAndTheRightTraceparentEachTime() {
    Call.Factory http = OkHttpTracing.create().newCallFactory(new OkHttpClient());

    Dispatch.withDefault(
        registry,
        () -> {
          try (EnteredSpan caller = TRACER.infoSpan("caller").entered();
              Response r = http.newCall(get("/a")).execute()) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    List<SpanData> gets = clientSpans();
    assertThat(gets).hasSize(3);
    SpanData caller = only("caller");
    assertThat(gets).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(caller.getSpanId()));
    assertThat(gets)
        .extracting(s -> s.getAttributes().get(longKey("http.request.resend_count")))
        .containsExactlyInAnyOrder(null, 1L, 2L);
    for (String path : new String[] {"/a", "/b", "/c"}) {
      assertThat(gets).anySatisfy(s -> assertThat(traceparents.get(path)).contains(s.getSpanId()));
    }
  }

  @Test
  void asyncCallsOnABackloggedDispatcherKeepTheirParentsAndCallbacksRunInTheCallersSpan()
      throws Exception {
    Dispatcher one = new Dispatcher();
    one.setMaxRequests(1);
    Call.Factory http =
        OkHttpTracing.create().newCallFactory(new OkHttpClient.Builder().dispatcher(one).build());
    CountDownLatch done = new CountDownLatch(4);
    Map<String, String> inCallback = new ConcurrentHashMap<>();

    Dispatch.withDefault(
        registry,
        () -> {
          for (int i = 0; i < 4; i++) {
            String name = "request-" + i;
            try (EnteredSpan request = TRACER.infoSpan(name).entered()) {
              http.newCall(get("/slow/" + i))
                  .enqueue(
                      new Callback() {
                        @Override
                        public void onFailure(Call call, IOException e) {
                          done.countDown();
                        }

                        @Override
                        public void onResponse(Call call, Response response) {
                          response.close();
                          inCallback.put(name, Span.current().data().name());
                          done.countDown();
                        }
                      });
            }
          }
          try {
            assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });

    for (int i = 0; i < 4; i++) {
      SpanData request = only("request-" + i);
      String path = "/slow/" + i;
      SpanData get =
          clientSpans().stream()
              .filter(
                  s ->
                      s.getAttributes()
                          .get(io.opentelemetry.api.common.AttributeKey.stringKey("url.full"))
                          .endsWith(path))
              .findFirst()
              .orElseThrow();
      assertThat(get.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(inCallback.get("request-" + i)).isEqualTo("request-" + i);
    }
  }

  @Test
  void cloneTakesTheCurrentContextAndServerErrorsAreErrors() throws Exception {
    Call.Factory http = OkHttpTracing.create().newCallFactory(new OkHttpClient());

    Dispatch.withDefault(
        registry,
        () -> {
          Call original;
          try (EnteredSpan a = TRACER.infoSpan("a").entered()) {
            original = http.newCall(get("/broken"));
          }
          try (EnteredSpan b = TRACER.infoSpan("b").entered();
              Response r = original.clone().execute()) {
            assertThat(r.code()).isEqualTo(500);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData get = clientSpans().get(0);
    assertThat(get.getParentSpanId()).isEqualTo(only("b").getSpanId());
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }
}
