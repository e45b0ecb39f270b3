package io.tracebridge.okhttp.httpserver;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpContext;
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
import io.tracebridge.okhttp.OkHttpTracing;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.propagation.InboundPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingFilterTest {
  private static final Tracer APP = Tracer.named("app");

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
  private final AtomicReference<String> currentInHandler = new AtomicReference<>();
  private final AtomicReference<String> otelCurrentInHandler = new AtomicReference<>();
  private HttpServer server;
  private final Call.Factory http = OkHttpTracing.create().newCallFactory(new OkHttpClient());

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    addContext("/inventory", TracingFilter.create());
    addContext(
        "/public",
        TracingFilter.builder()
            .inboundPolicy(
                InboundPolicy.builder().mode(InboundPolicy.Mode.RESTART_WITH_LINK).build())
            .build());
    addContext(
        "/ignored",
        TracingFilter.builder()
            .inboundPolicy(InboundPolicy.builder().mode(InboundPolicy.Mode.IGNORE).build())
            .build());
    // Handlers run on the server's threads; the registry is their global... scoped here per thread:
    server.setExecutor(task -> new Thread(() -> Dispatch.withDefault(registry, task)).start());
    server.start();
  }

  private void addContext(String path, TracingFilter filter) {
    HttpContext ctx =
        server.createContext(
            path,
            exchange -> {
              String query = exchange.getRequestURI().getQuery();
              currentInHandler.set(Span.current().isNone() ? null : Span.current().data().name());
              otelCurrentInHandler.set(
                  io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId());
              APP.infoSpan("load_stock").run(() -> {});
              if (query != null && query.contains("boom")) {
                throw new IllegalStateException("handler failed");
              }
              int status =
                  query != null && query.contains("status=")
                      ? Integer.parseInt(query.replaceAll(".*status=(\\d+).*", "$1"))
                      : 200;
              byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(status, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            });
    ctx.getFilters().add(filter);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  private int call(String pathAndQuery) {
    int[] code = new int[1];
    Dispatch.withDefault(
        registry,
        () -> {
          try (EnteredSpan caller = APP.infoSpan("caller").entered();
              Response r =
                  http.newCall(
                          new Request.Builder()
                              .url(url(pathAndQuery))
                              .header("User-Agent", "test-agent")
                              .build())
                      .execute()) {
            code[0] = r.code();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
    return code[0];
  }

  /**
   * The server span ends after the response is written, so the client may see the response first.
   */
  private void awaitServerSpans(int count) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).count()
            < count
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private SpanData only(String name) {
    awaitServerSpans(1);
    List<SpanData> matches =
        spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(matches).as("spans named %s in %s", name, spans.getFinishedSpanItems()).hasSize(1);
    return matches.get(0);
  }

  @Test
  void serverSpanContinuesTheClientsTraceAndIsCurrentInTheHandler() {
    assertThat(call("/inventory/items?sku=A-1&sig=secret")).isEqualTo(200);

    SpanData client = only("GET");
    SpanData serverSpan = only("GET /inventory");
    assertThat(serverSpan.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(serverSpan.getTraceId()).isEqualTo(client.getTraceId());
    assertThat(serverSpan.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(currentInHandler.get()).isEqualTo("GET /inventory");
    assertThat(otelCurrentInHandler.get()).isEqualTo(serverSpan.getSpanId());
    assertThat(only("load_stock").getParentSpanId()).isEqualTo(serverSpan.getSpanId());

    var a = serverSpan.getAttributes();
    assertThat(a.get(stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(a.get(stringKey("http.route"))).isEqualTo("/inventory");
    assertThat(a.get(stringKey("url.path"))).isEqualTo("/inventory/items");
    assertThat(a.get(stringKey("url.query"))).isEqualTo("sku=A-1&sig=REDACTED");
    assertThat(a.get(stringKey("url.scheme"))).isEqualTo("http");
    assertThat(a.get(longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(a.get(stringKey("server.address"))).isEqualTo("127.0.0.1");
    assertThat(a.get(longKey("server.port"))).isEqualTo(server.getAddress().getPort());
    assertThat(a.get(stringKey("network.peer.address"))).isEqualTo("127.0.0.1");
    assertThat(a.get(stringKey("client.address"))).isEqualTo("127.0.0.1"); // no proxy: the peer
    assertThat(a.get(longKey("client.port")))
        .isNull(); // as OpenTelemetry's HTTP server instrumentation
    assertThat(a.get(stringKey("network.protocol.version"))).isEqualTo("1.1");
    assertThat(a.get(stringKey("user_agent.original"))).isEqualTo("test-agent");
    assertThat(serverSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void onlyServerErrorsMakeTheServerSpanAnError() {
    assertThat(call("/inventory?status=404")).isEqualTo(404);
    assertThat(call("/inventory?status=503")).isEqualTo(503);
    awaitServerSpans(2);

    List<SpanData> serverSpans =
        spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    assertThat(serverSpans)
        .filteredOn(s -> s.getAttributes().get(longKey("http.response.status_code")) == 404L)
        .singleElement()
        .satisfies(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
    assertThat(serverSpans)
        .filteredOn(s -> s.getAttributes().get(longKey("http.response.status_code")) == 503L)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(s.getAttributes().get(stringKey("error.type"))).isEqualTo("503");
            });
  }

  @Test
  void aHandlerExceptionIsRecordedAndRethrown() {
    assertThatThrownBy(() -> call("/inventory?boom=1")).hasCauseInstanceOf(IOException.class);

    SpanData serverSpan = only("GET /inventory");
    assertThat(serverSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(serverSpan.getAttributes().get(stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(serverSpan.getEvents())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  @Test
  void restartWithLinkStartsANewTraceLinkedToTheCallerAndIgnoreKeepsNothing() {
    call("/public");
    call("/ignored");
    awaitServerSpans(2);

    SpanData publicSpan = only("GET /public");
    SpanData ignoredSpan = only("GET /ignored");
    List<SpanData> clients =
        spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    SpanData publicClient =
        clients.stream()
            .filter(c -> c.getAttributes().get(stringKey("url.full")).endsWith("/public"))
            .findFirst()
            .orElseThrow();
    assertThat(publicSpan.getTraceId()).isNotEqualTo(publicClient.getTraceId());
    assertThat(publicSpan.getParentSpanId()).isEqualTo("0000000000000000");
    assertThat(publicSpan.getLinks())
        .singleElement()
        .satisfies(
            l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(publicClient.getSpanId()));
    assertThat(ignoredSpan.getParentSpanId()).isEqualTo("0000000000000000");
    assertThat(ignoredSpan.getLinks()).isEmpty();
  }

  private String clientAddressWith(String header, String value) {
    spans.reset();
    try (Response r =
        new OkHttpClient()
            .newCall(new Request.Builder().url(url("/inventory")).header(header, value).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return only("GET /inventory").getAttributes().get(stringKey("client.address"));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1} -> {2}")
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "X-Forwarded-For | 203.0.113.195, 198.51.100.178 | 203.0.113.195",
        "X-Forwarded-For | 203.0.113.195:4711 | 203.0.113.195",
        "Forwarded | for=192.0.2.60;proto=http;by=203.0.113.43 | 192.0.2.60",
        "Forwarded | For=\"[2001:db8:cafe::17]:4711\" | 2001:db8:cafe::17",
        "Forwarded | for=unknown | 127.0.0.1",
        "Forwarded | for=_hidden | 127.0.0.1",
        "X-Forwarded-For | <script> | 127.0.0.1",
        "X-Forwarded-For | 1.2.3.4;drop | 127.0.0.1",
      })
  void clientAddressIsTheOriginalClientTheProxiesNameElseThePeer(
      String header, String value, String expected) {
    assertThat(clientAddressWith(header, value)).isEqualTo(expected);
  }
}
