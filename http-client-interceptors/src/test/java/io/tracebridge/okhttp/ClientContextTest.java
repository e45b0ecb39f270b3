package io.tracebridge.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.propagation.OutboundPolicy;
import io.tracebridge.propagation.TracebridgePropagators;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientContextTest {
  private static final Tracer TRACER = Tracer.forClass(ClientContextTest.class);
  private final HttpFixture fixture = new HttpFixture();
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).build();
  }

  @Test
  void asyncCallsKeepTheirCallersSpanAsParentWhenTheDispatcherIsBacklogged() throws Exception {
    Dispatcher oneAtATime = new Dispatcher();
    oneAtATime.setMaxRequests(1);
    Call.Factory http =
        OkHttpTracing.create().newCallFactory(client.newBuilder().dispatcher(oneAtATime).build());
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          new MockResponse.Builder().headersDelay(50, TimeUnit.MILLISECONDS).body("r" + i).build());
    }
    CountDownLatch done = new CountDownLatch(5);
    Map<String, String> callbackSpans = new ConcurrentHashMap<>();
    Map<String, String> callbackOtelSpans = new ConcurrentHashMap<>();

    fixture.run(
        () -> {
          for (int i = 0; i < 5; i++) {
            String name = "request-" + i;
            try (EnteredSpan request = TRACER.infoSpan(name).entered()) {
              http.newCall(get("/async/" + i))
                  .enqueue(
                      new Callback() {
                        @Override
                        public void onFailure(Call call, IOException e) {
                          done.countDown();
                        }

                        @Override
                        public void onResponse(Call call, Response response) {
                          response.close();
                          callbackSpans.put(name, Span.current().data().name());
                          callbackOtelSpans.put(
                              name,
                              io.opentelemetry.api.trace.Span.current()
                                  .getSpanContext()
                                  .getSpanId());
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

    List<SpanData> gets = fixture.named("GET");
    assertThat(gets).hasSize(5);
    for (int i = 0; i < 5; i++) {
      SpanData request = fixture.only("request-" + i);
      String path = "/async/" + i;
      SpanData get =
          gets.stream()
              .filter(s -> s.getAttributes().get(AttributeKey.stringKey("url.full")).endsWith(path))
              .findFirst()
              .orElseThrow();
      assertThat(HttpFixture.isChildOf(get, request)).as("parent of %s", path).isTrue();
      assertThat(callbackSpans.get("request-" + i)).isEqualTo("request-" + i);
      assertThat(callbackOtelSpans.get("request-" + i)).isEqualTo(request.getSpanId());
    }
  }

  @Test
  void aCloneTakesTheContextCurrentWhenItIsMadeNotTheOriginals() throws Exception {
    Call.Factory http = OkHttpTracing.create().newCallFactory(client);
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());

    fixture.run(
        () -> {
          Call original;
          try (EnteredSpan a = TRACER.infoSpan("a").entered()) {
            original = http.newCall(get("/x"));
          }
          try (EnteredSpan b = TRACER.infoSpan("b").entered();
              Response r1 = original.execute();
              Response r2 = original.clone().execute()) {
            assertThat(r1.code() + r2.code()).isEqualTo(400);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    List<SpanData> gets = fixture.named("GET");
    assertThat(gets).hasSize(2);
    assertThat(gets)
        .anySatisfy(s -> assertThat(HttpFixture.isChildOf(s, fixture.only("a"))).isTrue());
    assertThat(gets)
        .anySatisfy(s -> assertThat(HttpFixture.isChildOf(s, fixture.only("b"))).isTrue());
  }

  @Test
  void everyPropagatorInjectsTheClientSpansContext() throws Exception {
    for (String format : new String[] {"tracecontext", "b3", "b3multi", "jaeger"}) {
      server.enqueue(new MockResponse.Builder().build());
      Call.Factory http =
          OkHttpTracing.builder()
              .propagator(TracebridgePropagators.fromList(format + ",baggage"))
              .build()
              .newCallFactory(client);
      fixture.spans.reset();

      fixture.run(
          () -> {
            try (EnteredSpan caller = TRACER.infoSpan("caller").entered();
                io.opentelemetry.context.Scope bag =
                    io.opentelemetry.api.baggage.Baggage.builder()
                        .put("tenant", "acme")
                        .build()
                        .makeCurrent();
                Response r = http.newCall(get("/" + format)).execute()) {
              assertThat(r.code()).isEqualTo(200);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          });

      SpanData span = fixture.only("GET");
      RecordedRequest received = server.takeRequest();
      String headers = received.getHeaders().toString();
      assertThat(headers)
          .as(format)
          .contains(span.getSpanId())
          .contains(span.getTraceId().substring(16));
      assertThat(received.getHeaders().get("baggage")).as(format).isEqualTo("tenant=acme");
    }
  }

  @Test
  void noTraceHeadersGoToAHostTheAllowlistDoesNotName() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    server.enqueue(new MockResponse.Builder().build());
    Call.Factory strict =
        OkHttpTracing.builder()
            .outboundPolicy(OutboundPolicy.builder().traceHosts("*.acme.com").build())
            .build()
            .newCallFactory(client);
    Call.Factory noBaggage =
        OkHttpTracing.builder()
            .outboundPolicy(OutboundPolicy.builder().baggageHosts("").build())
            .build()
            .newCallFactory(client);

    fixture.run(
        () -> {
          try (io.opentelemetry.context.Scope bag =
                  io.opentelemetry.api.baggage.Baggage.builder()
                      .put("tenant", "acme")
                      .build()
                      .makeCurrent();
              EnteredSpan caller = TRACER.infoSpan("caller").entered();
              Response r1 = strict.newCall(get("/strict")).execute();
              Response r2 = noBaggage.newCall(get("/nobaggage")).execute()) {
            assertThat(r1.code() + r2.code()).isEqualTo(400);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    RecordedRequest strictRequest = server.takeRequest();
    assertThat(strictRequest.getHeaders().names()).doesNotContain("traceparent", "baggage");
    RecordedRequest noBaggageRequest = server.takeRequest();
    assertThat(noBaggageRequest.getHeaders().get("traceparent")).isNotNull();
    assertThat(noBaggageRequest.getHeaders().get("baggage")).isNull();
    assertThat(fixture.named("GET")).hasSize(2); // spans are recorded either way
  }

  @Test
  void whenTheClientSpanIsFilteredOutTheCallersContextIsStillPropagated() throws Exception {
    HttpFixture filtered = new HttpFixture(EnvFilter.parse("trace,io.tracebridge.okhttp=off"));
    io.tracebridge.Registry registry =
        io.tracebridge.Registry.builder()
            .with(
                io.tracebridge.otel.OpenTelemetryLayer.builder(filtered.sdk).build(),
                EnvFilter.parse("trace,io.tracebridge.okhttp=off"))
            .build();
    server.enqueue(new MockResponse.Builder().build());
    Call.Factory http = OkHttpTracing.create().newCallFactory(client);

    io.tracebridge.Dispatch.withDefault(
        registry,
        () -> {
          // The caller's target must not fall under the io.tracebridge.okhttp=off directive.
          try (EnteredSpan caller = Tracer.named("app").infoSpan("caller").entered();
              Response r = http.newCall(get("/quiet")).execute()) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData caller = filtered.only("caller");
    assertThat(filtered.named("GET")).isEmpty();
    assertThat(server.takeRequest().getHeaders().get("traceparent")).contains(caller.getSpanId());
  }

  @Test
  void withSpanEndBodyTheSpanCoversTheBodyUntilItIsClosed() throws Exception {
    server.enqueue(new MockResponse.Builder().body("payload").build());
    Call.Factory http =
        OkHttpTracing.builder().spanEnd(SpanEnd.BODY).build().newCallFactory(client);

    fixture.run(
        () -> {
          try (Response r = http.newCall(get("/download")).execute()) {
            assertThat(fixture.named("GET")).as("open while the body is unread").isEmpty();
            assertThat(r.body().string()).isEqualTo("payload");
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    assertThat(fixture.named("GET")).hasSize(1);
  }

  @Test
  void propagationOnlyInterceptorInjectsTheCallersContextForSyncCallsAndCreatesNoSpans()
      throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    OkHttpClient plain =
        client
            .newBuilder()
            .addInterceptor(OkHttpTracing.create().newPropagationInterceptor())
            .build();

    fixture.run(
        () -> {
          try (EnteredSpan caller = TRACER.infoSpan("caller").entered();
              Response r = plain.newCall(get("/plain")).execute()) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    assertThat(server.takeRequest().getHeaders().get("traceparent"))
        .contains(fixture.only("caller").getSpanId());
    assertThat(fixture.named("GET")).isEmpty();
  }

  @Test
  void spanNameCustomizerAndAttributesExtractorsApply() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).build());
    Call.Factory http =
        OkHttpTracing.builder()
            .spanNameCustomizer((request, name) -> name + " " + request.url().encodedPath())
            .addAttributesExtractor(
                new HttpAttributesExtractor() {
                  @Override
                  public void onStart(Span span, Request request) {
                    span.record("app.tenant", "acme");
                  }

                  @Override
                  public void onEnd(
                      Span span, Request request, Response response, Throwable error) {
                    span.record("app.created", response != null && response.code() == 201);
                  }
                })
            .build()
            .newCallFactory(client);

    fixture.run(
        () -> {
          try (Response r = http.newCall(get("/orders")).execute()) {
            assertThat(r.code()).isEqualTo(201);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData span = fixture.only("GET /orders");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("app.tenant"))).isEqualTo("acme");
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("app.created"))).isTrue();
  }

  @Test
  void aThrowingAttributesExtractorLeavesTheCallTheSpanAndTheOtherExtractorsWhole()
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    Call.Factory http =
        OkHttpTracing.builder()
            .addAttributesExtractor(
                new HttpAttributesExtractor() {
                  @Override
                  public void onStart(Span span, Request request) {
                    throw new IllegalStateException("extractor bug");
                  }

                  @Override
                  public void onEnd(
                      Span span, Request request, Response response, Throwable error) {
                    throw new IllegalStateException("extractor bug");
                  }
                })
            .addAttributesExtractor(
                new HttpAttributesExtractor() {
                  @Override
                  public void onStart(Span span, Request request) {
                    span.record("app.tenant", "acme");
                  }

                  @Override
                  public void onEnd(
                      Span span, Request request, Response response, Throwable error) {
                    span.record("app.ok", response != null && response.code() == 200);
                  }
                })
            .build()
            .newCallFactory(client);

    fixture.run(
        () -> {
          try (Response r = http.newCall(get("/orders")).execute()) {
            assertThat(r.body().string()).isEqualTo("ok");
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData span = fixture.only("GET");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("app.tenant"))).isEqualTo("acme");
    assertThat(span.getAttributes().get(AttributeKey.booleanKey("app.ok"))).isTrue();
  }
}
