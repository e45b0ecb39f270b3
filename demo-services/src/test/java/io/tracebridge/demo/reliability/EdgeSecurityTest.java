package io.tracebridge.demo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.demo.backend.Backend;
import io.tracebridge.demo.frontend.Frontend;
import io.tracebridge.propagation.InboundPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo frontend as a public edge, with real sockets: an exchange-rate partner under an external
 * name (a loopback server the frontend's resolver maps {@code rates.partner.example} to) gets no
 * trace headers and no baggage while the backend gets both; and a hostile {@code traceparent} sent
 * to the frontend can neither join a trace nor force sampling, showing up only as a link.
 */
class EdgeSecurityTest {
  private static final String PARTNER_HOST = "rates.partner.example";
  private static final String HOSTILE_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String HOSTILE_SPAN = "00f067aa0ba902b7";
  private static final Pattern TRACE_ID = Pattern.compile("\"trace_id\":\"([0-9a-f]{32})\"");
  private static final List<String> TRACE_HEADERS =
      List.of(
          "traceparent",
          "tracestate",
          "baggage",
          "b3",
          "x-b3-traceid",
          "x-b3-spanid",
          "x-b3-sampled",
          "uber-trace-id");

  private static final List<Map<String, List<String>>> partnerRequests =
      new CopyOnWriteArrayList<>();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static HttpServer partner;
  private static Backend backend;
  private static Frontend edge;

  static {
    DemoTelemetry.install();
  }

  @BeforeAll
  static void start() throws IOException {
    partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    partner.createContext(
        "/rates",
        exchange -> {
          partnerRequests.add(Map.copyOf(exchange.getRequestHeaders()));
          byte[] body = "1.08".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    partner.start();
    backend = Backend.start("127.0.0.1", 0, 0);
    edge = frontend(InboundPolicy.builder().mode(InboundPolicy.Mode.RESTART_WITH_LINK).build());
  }

  private static Frontend frontend(InboundPolicy inbound) throws IOException {
    Dns partnerOnLoopback =
        host ->
            PARTNER_HOST.equals(host)
                ? List.of(InetAddress.getLoopbackAddress())
                : Dns.SYSTEM.lookup(host);
    return Frontend.builder(
            "http://127.0.0.1:" + backend.httpPort(), "127.0.0.1:" + backend.grpcPort())
        .bind("127.0.0.1", 0)
        .partner("http://" + PARTNER_HOST + ":" + partner.getAddress().getPort())
        .dns(partnerOnLoopback)
        .inboundPolicy(inbound)
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    DemoTelemetry.sampleRoots(true);
    edge.close();
    backend.close();
    partner.stop(0);
  }

  @Test
  void theExternalPartnerGetsNoTraceHeadersOrBaggageWhileTheInternalBackendGetsBoth()
      throws Exception {
    DemoTelemetry.sampleRoots(true);
    partnerRequests.clear();
    String traceId = checkout(edge, Map.of());

    assertThat(partnerRequests).hasSize(1);
    assertThat(partnerRequests.get(0).keySet())
        .as("headers the partner received")
        .extracting(k -> k.toLowerCase(Locale.ROOT))
        .doesNotContainAnyElementsOf(TRACE_HEADERS)
        .noneMatch(k -> k.startsWith("uberctx-"));

    List<SpanData> trace = DemoTelemetry.awaitSpans(s -> s.getTraceId().equals(traceId), 12);
    SpanData partnerCall =
        only(
            trace,
            s ->
                s.getKind() == SpanKind.CLIENT
                    && PARTNER_HOST.equals(
                        s.getAttributes().get(AttributeKey.stringKey("server.address"))));
    assertThat(partnerCall.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
        .isEqualTo(200L);
    // The backend continued the trace (trace headers reached it) and saw the frontend's baggage.
    SpanData backendServer = only(trace, s -> s.getName().equals("GET /inventory"));
    SpanData backendCall =
        only(
            trace,
            s ->
                s.getKind() == SpanKind.CLIENT
                    && s.getName().equals("GET")
                    && !PARTNER_HOST.equals(
                        s.getAttributes().get(AttributeKey.stringKey("server.address"))));
    assertThat(backendServer.getParentSpanId()).isEqualTo(backendCall.getSpanId());
    assertThat(
            only(trace, s -> s.getName().equals("check_stock"))
                .getAttributes()
                .get(AttributeKey.stringKey("user")))
        .isEqualTo("7");
  }

  @Test
  void aHostileTraceparentAtTheEdgeStartsANewTraceThatOnlyLinksToIt() throws Exception {
    DemoTelemetry.sampleRoots(true);
    String traceId =
        checkout(
            edge,
            Map.of(
                "traceparent", "00-" + HOSTILE_TRACE + "-" + HOSTILE_SPAN + "-01",
                "tracestate", "evil=1",
                "baggage", "role=admin"));

    assertThat(traceId).isNotEqualTo(HOSTILE_TRACE);
    List<SpanData> trace = DemoTelemetry.awaitSpans(s -> s.getTraceId().equals(traceId), 12);
    assertThat(trace).hasSize(12);
    SpanData server = only(trace, s -> s.getName().equals("GET /checkout"));
    assertThat(server.getParentSpanContext().isValid()).as("the edge span has no parent").isFalse();
    assertThat(server.getLinks())
        .singleElement()
        .satisfies(
            link -> {
              assertThat(link.getSpanContext().getTraceId()).isEqualTo(HOSTILE_TRACE);
              assertThat(link.getSpanContext().getSpanId()).isEqualTo(HOSTILE_SPAN);
            });
    assertThat(DemoTelemetry.SPANS.getFinishedSpanItems())
        .as("no span joined the caller's trace")
        .noneMatch(s -> s.getTraceId().equals(HOSTILE_TRACE));
    assertThat(server.getSpanContext().getTraceState().isEmpty())
        .as("the caller's tracestate is dropped")
        .isTrue();
  }

  @Test
  void aHostileSampledFlagCannotForceSamplingAtTheEdgeThoughItWouldThroughAContinuingEntry()
      throws Exception {
    DemoTelemetry.sampleRoots(false); // this service samples no new trace
    String hostile = "00-" + HOSTILE_TRACE.replace('4', '5') + "-" + HOSTILE_SPAN + "-01";
    String edgeTrace = checkout(edge, Map.of("traceparent", hostile));
    Frontend trusting = frontend(InboundPolicy.builder().mode(InboundPolicy.Mode.CONTINUE).build());
    String joinedTrace;
    try {
      joinedTrace = checkout(trusting, Map.of("traceparent", hostile));
    } finally {
      trusting.close();
    }

    // Through an entry that continues, the caller's flag decides: the whole request is recorded.
    assertThat(joinedTrace).isEqualTo(HOSTILE_TRACE.replace('4', '5'));
    assertThat(DemoTelemetry.awaitSpans(s -> s.getTraceId().equals(joinedTrace), 12)).hasSize(12);
    // At the edge, the local sampler decides, and it said no: nothing of that request is recorded.
    assertThat(edgeTrace).isNotEqualTo(joinedTrace);
    assertThat(DemoTelemetry.SPANS.getFinishedSpanItems())
        .noneMatch(s -> s.getTraceId().equals(edgeTrace));
  }

  private static String checkout(Frontend frontend, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + frontend.port() + "/checkout?user=7&items=2"));
    headers.forEach(request::header);
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"eur_rate\":\"1.08\"");
    Matcher m = TRACE_ID.matcher(response.body());
    assertThat(m.find()).as(response.body()).isTrue();
    return m.group(1);
  }

  private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> match) {
    List<SpanData> found = spans.stream().filter(match).toList();
    assertThat(found)
        .as("spans matching in %s", spans.stream().map(SpanData::getName).toList())
        .hasSize(1);
    return found.get(0);
  }
}
