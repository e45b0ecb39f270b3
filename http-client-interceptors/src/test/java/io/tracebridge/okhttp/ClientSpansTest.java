package io.tracebridge.okhttp;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.tracebridge.okhttp.HttpFixture.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientSpansTest {
  private static final Tracer TRACER = Tracer.forClass(ClientSpansTest.class);
  private final HttpFixture fixture = new HttpFixture();
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
  private Call.Factory http;

  @BeforeEach
  void start() throws IOException {
    server.start();
    http =
        OkHttpTracing.builder()
            .capturedRequestHeaders("X-Request-Id")
            .capturedResponseHeaders("content-type")
            .build()
            .newCallFactory(client);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Response call(String path) throws IOException {
    return http.newCall(
            new Request.Builder().url(server.url(path)).header("X-Request-Id", "r-1").build())
        .execute();
  }

  @Test
  void syncCallGivesOneClientSpanUnderTheCallersSpanWithTheStableHttpAttributes() throws Exception {
    server.enqueue(
        new MockResponse.Builder().body("ok").addHeader("Content-Type", "text/plain").build());

    fixture.run(
        () -> {
          try (EnteredSpan caller = TRACER.infoSpan("caller").entered();
              Response r = call("/items?x=1")) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData get = fixture.only("GET");
    assertThat(get.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(HttpFixture.isChildOf(get, fixture.only("caller"))).isTrue();
    assertThat(attr(get, stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(attr(get, stringKey("url.full"))).isEqualTo(server.url("/items?x=1").toString());
    assertThat(attr(get, stringKey("server.address"))).isEqualTo(server.getHostName());
    assertThat(attr(get, longKey("server.port"))).isEqualTo(server.getPort());
    assertThat(attr(get, longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(attr(get, stringKey("network.protocol.version"))).isEqualTo("1.1");
    assertThat(attr(get, stringKey("network.peer.address"))).isEqualTo("127.0.0.1");
    assertThat(attr(get, longKey("network.peer.port"))).isEqualTo(server.getPort());
    assertThat(attr(get, stringArrayKey("http.request.header.x-request-id")))
        .containsExactly("r-1");
    assertThat(attr(get, stringArrayKey("http.response.header.content-type")))
        .containsExactly("text/plain");
    assertThat(attr(get, longKey("http.request.resend_count"))).isNull();
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    RecordedRequest received = server.takeRequest();
    assertThat(received.getHeaders().get("traceparent"))
        .isEqualTo(
            "00-"
                + get.getTraceId()
                + "-"
                + get.getSpanId()
                + "-"
                + get.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void twoRedirectsGiveThreeSiblingSpansWithResendCounts() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/b").build());
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/c").build());
    server.enqueue(new MockResponse.Builder().body("done").build());

    fixture.run(
        () -> {
          try (EnteredSpan caller = TRACER.infoSpan("caller").entered();
              Response r = call("/a")) {
            assertThat(r.body().string()).isEqualTo("done");
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    List<SpanData> gets = fixture.named("GET");
    assertThat(gets).hasSize(3);
    SpanData caller = fixture.only("caller");
    assertThat(gets).allSatisfy(s -> assertThat(HttpFixture.isChildOf(s, caller)).isTrue());
    assertThat(gets)
        .extracting(s -> attr(s, longKey("http.request.resend_count")))
        .containsExactlyInAnyOrder(null, 1L, 2L);
    assertThat(gets)
        .extracting(s -> attr(s, longKey("http.response.status_code")))
        .containsExactlyInAnyOrder(302L, 302L, 200L);
    for (int i = 0; i < 3; i++) {
      RecordedRequest received = server.takeRequest();
      String traceparent = received.getHeaders().get("traceparent");
      assertThat(gets).anySatisfy(s -> assertThat(traceparent).contains(s.getSpanId()));
    }
  }

  @Test
  void retryAfterAConnectionFailureGivesAFailedSpanThenASuccessfulResend() throws Exception {
    // OkHttp retries a failure on a reused connection: the server closes the pooled connection
    // after
    // the first response, so the next request fails on the stale connection and is retried on a new
    // one.
    server.enqueue(
        new MockResponse.Builder()
            .body("first")
            .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
            .build());
    server.enqueue(new MockResponse.Builder().body("second time").build());

    fixture.run(
        () -> {
          try (Response warmup = call("/warmup")) {
            assertThat(warmup.body().string()).isEqualTo("first");
          } catch (IOException e) {
            throw new AssertionError(e);
          }
          try (EnteredSpan caller = TRACER.infoSpan("caller").entered();
              Response r = call("/flaky")) {
            assertThat(r.body().string()).isEqualTo("second time");
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData caller = fixture.only("caller");
    List<SpanData> gets =
        fixture.named("GET").stream().filter(s -> HttpFixture.isChildOf(s, caller)).toList();
    assertThat(gets).hasSize(2);
    SpanData failed =
        gets.stream()
            .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
            .findFirst()
            .orElseThrow();
    SpanData resent = gets.stream().filter(s -> s != failed).findFirst().orElseThrow();
    assertThat(attr(failed, stringKey("error.type"))).startsWith("java.io.");
    assertThat(attr(failed, longKey("http.request.resend_count"))).isNull();
    assertThat(attr(resent, longKey("http.request.resend_count"))).isEqualTo(1L);
    assertThat(attr(resent, longKey("http.response.status_code"))).isEqualTo(200L);
  }

  @Test
  void connectionRefusedStillYieldsOneSpanAndTheSameExceptionReachesTheCaller() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/nothing";
    Call.Factory noRetry =
        OkHttpTracing.create()
            .newCallFactory(client.newBuilder().retryOnConnectionFailure(false).build());

    fixture.run(
        () ->
            assertThatThrownBy(
                    () -> noRetry.newCall(new Request.Builder().url(url).build()).execute())
                .isInstanceOf(ConnectException.class));

    SpanData get = fixture.only("GET");
    assertThat(attr(get, stringKey("error.type"))).isEqualTo("java.net.ConnectException");
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(get, stringKey("url.full"))).isEqualTo(url);
  }

  @Test
  void readTimeoutEndsTheSpanWithErrorAndTheTimeoutReachesTheCaller() {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).build());
    Call.Factory impatient =
        OkHttpTracing.create()
            .newCallFactory(
                client
                    .newBuilder()
                    .readTimeout(100, TimeUnit.MILLISECONDS)
                    .retryOnConnectionFailure(false)
                    .build());

    fixture.run(
        () ->
            assertThatThrownBy(
                    () ->
                        impatient
                            .newCall(new Request.Builder().url(server.url("/slow")).build())
                            .execute())
                .isInstanceOf(SocketTimeoutException.class));

    SpanData get = fixture.only("GET");
    assertThat(get.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(get, stringKey("error.type"))).isEqualTo("java.net.SocketTimeoutException");
    assertThat(get.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
  }

  @Test
  void cancelledCallEndsItsSpanWithError() throws Exception {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).build());

    fixture.run(
        () -> {
          Call call = http.newCall(new Request.Builder().url(server.url("/cancel")).build());
          Thread canceller =
              new Thread(
                  () -> {
                    try {
                      Thread.sleep(200);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    call.cancel();
                  });
          canceller.start();
          assertThatThrownBy(call::execute).isInstanceOf(IOException.class);
          try {
            canceller.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });

    assertThat(fixture.only("GET").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void clientAndServerErrorsAreErrorsWithTheStatusCodeAsErrorType() throws Exception {
    server.enqueue(new MockResponse.Builder().code(404).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(204).build());

    fixture.run(
        () -> {
          for (String path : new String[] {"/missing", "/down", "/empty"}) {
            try (Response r = call(path)) {
              assertThat(r.code()).isIn(404, 503, 204);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          }
        });

    List<SpanData> gets = fixture.named("GET");
    assertThat(gets)
        .filteredOn(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
        .extracting(s -> attr(s, stringKey("error.type")))
        .containsExactlyInAnyOrder("404", "503");
    assertThat(gets)
        .filteredOn(s -> attr(s, longKey("http.response.status_code")) == 204L)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
              assertThat(attr(s, stringKey("error.type"))).isNull();
            });
  }

  @Test
  void userinfoAndSensitiveQueryValuesAreRedactedInUrlFull() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    String url =
        server
            .url("/p")
            .newBuilder()
            .username("alice")
            .password("s3cret")
            .addQueryParameter("sig", "abc")
            .addQueryParameter("AWSAccessKeyId", "AKIA")
            .addQueryParameter("token", "t")
            .addQueryParameter("page", "2")
            .build()
            .toString();
    Call.Factory redacting =
        OkHttpTracing.builder().redactQueryParameters("token").build().newCallFactory(client);

    fixture.run(
        () -> {
          try (Response r = redacting.newCall(new Request.Builder().url(url).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    assertThat(attr(fixture.only("GET"), stringKey("url.full")))
        .isEqualTo(
            "http://REDACTED:REDACTED@"
                + server.getHostName()
                + ":"
                + server.getPort()
                + "/p?sig=REDACTED&AWSAccessKeyId=REDACTED&token=REDACTED&page=2");
  }

  @Test
  void unknownMethodIsOtherWithTheOriginalKeptAndTheSpanNamedHttp() throws Exception {
    server.enqueue(new MockResponse.Builder().build());

    fixture.run(
        () -> {
          try (Response r =
              http.newCall(
                      new Request.Builder().url(server.url("/cache")).method("PURGE", null).build())
                  .execute()) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData span = fixture.only("HTTP");
    assertThat(attr(span, stringKey("http.request.method"))).isEqualTo("_OTHER");
    assertThat(attr(span, stringKey("http.request.method_original"))).isEqualTo("PURGE");
  }

  @Test
  void methodsDeclaredKnownAreRecordedAsThemselves() throws Exception {
    server.enqueue(new MockResponse.Builder().build());
    Call.Factory purging =
        OkHttpTracing.builder()
            .knownMethods(java.util.Set.of("GET", "PURGE"))
            .build()
            .newCallFactory(client);

    fixture.run(
        () -> {
          try (Response r =
              purging
                  .newCall(
                      new Request.Builder().url(server.url("/cache")).method("PURGE", null).build())
                  .execute()) {
            assertThat(r.code()).isEqualTo(200);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });

    SpanData span = fixture.only("PURGE");
    assertThat(attr(span, stringKey("http.request.method"))).isEqualTo("PURGE");
    assertThat(attr(span, stringKey("http.request.method_original"))).isNull();
  }
}
