package io.tracebridge.grpc;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteReply;
import io.tracebridge.grpc.testproto.QuoteRequest;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallTypesTest {
  private static final Tracer TRACER = Tracer.named("app.caller");
  private static final String QUOTE = "tracebridge.test.Pricing/Quote";

  private static QuoteRequest request(String sku, int quantity) {
    return QuoteRequest.newBuilder().setSku(sku).setQuantity(quantity).build();
  }

  @ParameterizedTest(name = "netty={0}")
  @ValueSource(booleans = {false, true})
  void unaryCallIsAClientSpanUnderTheCallerAndAServerSpanUnderTheClient(boolean netty)
      throws Exception {
    try (GrpcFixture f = new GrpcFixture(netty)) {
      f.run(
          () -> {
            try (EnteredSpan caller = TRACER.infoSpan("caller").entered()) {
              QuoteReply reply = PricingGrpc.newBlockingStub(f.channel).quote(request("A-1", 3));
              assertThat(reply.getCents()).isEqualTo(300);
            }
          });
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData caller = f.only("caller");
      SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(client.getName()).isEqualTo(QUOTE);
      assertThat(server.getName()).isEqualTo(QUOTE);
      assertThat(client.getParentSpanId()).isEqualTo(caller.getSpanId());
      assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
      assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
      assertThat(server.getParentSpanContext().isRemote()).isTrue();
      // The server span ends as the status leaves, so within its client span (no clock skew in
      // Jaeger).
      assertThat(server.getEndEpochNanos()).isLessThanOrEqualTo(client.getEndEpochNanos());
      assertThat(server.getStartEpochNanos()).isGreaterThanOrEqualTo(client.getStartEpochNanos());
      // The handler saw the server span as current, through tracebridge and OpenTelemetry.
      assertThat(f.service.seen.get("A-1")).containsExactly(QUOTE, server.getSpanId());
      assertThat(f.only("price_lookup").getParentSpanId()).isEqualTo(server.getSpanId());
      for (SpanData s : List.of(client, server)) {
        // semantic conventions 1.45, stable RPC and gRPC spans
        assertThat(s.getAttributes().get(stringKey("rpc.system.name"))).isEqualTo("grpc");
        assertThat(s.getAttributes().get(stringKey("rpc.method")))
            .isEqualTo("tracebridge.test.Pricing/Quote");
        assertThat(s.getAttributes().get(stringKey("rpc.status_code"))).isEqualTo("OK");
        assertThat(s.getAttributes().get(stringKey("error.type"))).isNull();
        assertThat(s.getAttributes().asMap().keySet())
            .extracting(k -> k.getKey())
            .doesNotContain("rpc.system", "rpc.service", "rpc.grpc.status_code");
        assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      }
      if (netty) {
        assertThat(client.getAttributes().get(stringKey("server.address"))).isEqualTo("127.0.0.1");
        assertThat(client.getAttributes().get(longKey("server.port")))
            .isEqualTo(f.server.getPort());
        assertThat(client.getAttributes().get(stringKey("network.peer.address")))
            .isEqualTo("127.0.0.1");
        assertThat(client.getAttributes().get(longKey("network.peer.port")))
            .isEqualTo(f.server.getPort());
        assertThat(server.getAttributes().get(stringKey("network.peer.address")))
            .isEqualTo("127.0.0.1");
      }
    }
  }

  @Test
  void unaryOnlyGivesUnaryCallsMessageEventsWithOpenTelemetrysNamesAndStreamingCallsNone()
      throws Exception {
    GrpcTracing unaryOnly = GrpcTracing.builder().messageEvents(MessageEvents.UNARY_ONLY).build();
    try (GrpcFixture f = new GrpcFixture(false, unaryOnly, unaryOnly)) {
      f.run(
          () -> {
            PricingGrpc.newBlockingStub(f.channel).quote(request("A-1", 1));
            PricingGrpc.newBlockingStub(f.channel)
                .quoteStream(request("S-1", 3))
                .forEachRemaining(r -> {});
          });
      f.awaitSpans(SpanKind.SERVER, 2);

      SpanData unaryClient =
          f.ofKind(SpanKind.CLIENT).stream()
              .filter(s -> s.getName().equals(QUOTE))
              .findFirst()
              .orElseThrow();
      assertThat(unaryClient.getEvents())
          .extracting(EventData::getName)
          .containsExactly("message", "message");
      assertThat(unaryClient.getEvents().get(0).getAttributes().asMap())
          .hasSize(2); // no level, no target
      assertThat(unaryClient.getEvents().get(0).getAttributes().get(stringKey("message.type")))
          .isEqualTo("SENT");
      assertThat(unaryClient.getEvents().get(0).getAttributes().get(longKey("message.id")))
          .isEqualTo(1L);
      assertThat(unaryClient.getEvents().get(1).getAttributes().get(stringKey("message.type")))
          .isEqualTo("RECEIVED");
      SpanData streamClient =
          f.ofKind(SpanKind.CLIENT).stream()
              .filter(s -> s.getName().endsWith("/QuoteStream"))
              .findFirst()
              .orElseThrow();
      assertThat(streamClient.getEvents()).isEmpty();
    }
  }

  @Test
  void messageEventsAreOffByDefaultAndCanBeTurnedOnForStreams() throws Exception {
    GrpcTracing all = GrpcTracing.builder().messageEvents(MessageEvents.ALL).build();
    try (GrpcFixture f = new GrpcFixture(false, all, all)) {
      f.run(
          () ->
              PricingGrpc.newBlockingStub(f.channel)
                  .quoteStream(request("S-1", 3))
                  .forEachRemaining(r -> {}));
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(server.getEvents())
          .filteredOn(e -> "SENT".equals(e.getAttributes().get(stringKey("message.type"))))
          .extracting(e -> e.getAttributes().get(longKey("message.id")))
          .containsExactly(1L, 2L, 3L);
    }
    try (GrpcFixture f = new GrpcFixture(false)) { // the default: no message events
      f.run(() -> PricingGrpc.newBlockingStub(f.channel).quote(request("A-1", 1)));
      f.awaitSpans(SpanKind.SERVER, 1);

      assertThat(f.spans.getFinishedSpanItems())
          .allSatisfy(s -> assertThat(s.getEvents()).isEmpty());
    }
  }

  @Test
  void clientStreamingCallIsTracedOnBothSides() throws Exception {
    try (GrpcFixture f = new GrpcFixture(false)) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<QuoteReply> result = new AtomicReference<>();
      f.run(
          () -> {
            try (EnteredSpan caller = TRACER.infoSpan("caller").entered()) {
              StreamObserver<QuoteRequest> requests =
                  PricingGrpc.newStub(f.channel).quoteBatch(observer(result, done, null));
              requests.onNext(request("B-1", 1));
              requests.onNext(request("B-1", 2));
              requests.onCompleted();
            }
          });
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      f.awaitSpans(SpanKind.SERVER, 1);

      assertThat(result.get().getCents()).isEqualTo(300);
      SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(client.getName()).isEqualTo("tracebridge.test.Pricing/QuoteBatch");
      assertThat(client.getParentSpanId()).isEqualTo(f.only("caller").getSpanId());
      assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    }
  }

  @ParameterizedTest(name = "netty={0}")
  @ValueSource(booleans = {false, true})
  void bidiCallIsTracedOnBothSidesAndItsCallbacksRunInTheCallersSpan(boolean netty)
      throws Exception {
    try (GrpcFixture f = new GrpcFixture(netty)) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<String> callbackSpan = new AtomicReference<>();
      f.run(
          () -> {
            try (EnteredSpan caller = TRACER.infoSpan("caller").entered()) {
              StreamObserver<QuoteRequest> requests =
                  PricingGrpc.newStub(f.channel)
                      .quoteChat(observer(new AtomicReference<>(), done, callbackSpan));
              requests.onNext(request("C-1", 1));
              requests.onNext(request("C-2", 2));
              requests.onCompleted();
            }
          });
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(client.getName()).isEqualTo("tracebridge.test.Pricing/QuoteChat");
      assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
      assertThat(callbackSpan.get()).isEqualTo("caller");
      assertThat(f.service.seen.get("C-2")[0]).isEqualTo("tracebridge.test.Pricing/QuoteChat");
    }
  }

  private static StreamObserver<QuoteReply> observer(
      AtomicReference<QuoteReply> last, CountDownLatch done, AtomicReference<String> callbackSpan) {
    return new StreamObserver<>() {
      @Override
      public void onNext(QuoteReply value) {
        last.set(value);
        if (callbackSpan != null) {
          callbackSpan.set(Span.current().isNone() ? "none" : Span.current().data().name());
        }
      }

      @Override
      public void onError(Throwable t) {
        done.countDown();
      }

      @Override
      public void onCompleted() {
        done.countDown();
      }
    };
  }
}
