package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a filter turns our gRPC spans off ({@code TRACEBRIDGE_LOG=info,io.tracebridge.grpc=off}),
 * the trace still crosses: the client injects the current context and the server makes the caller's
 * context current for the handler, as with OpenTelemetry's instrumentation turned off.
 */
class DisabledIntegrationSpansTest {
  private static final Tracer APP = Tracer.named("app.caller");

  @ParameterizedTest(name = "netty={0}")
  @ValueSource(booleans = {false, true})
  void withBothIntegrationSpansFilteredOutTheHandlersSpansJoinTheCallersTrace(boolean netty)
      throws Exception {
    try (GrpcFixture f =
        new GrpcFixture(
            netty,
            GrpcTracing.create(),
            GrpcTracing.create(),
            EnvFilter.parse("info,io.tracebridge.grpc=off"))) {
      f.run(
          () -> {
            try (EnteredSpan caller = APP.infoSpan("caller").entered()) {
              PricingGrpc.newBlockingStub(f.channel).quote(request("A-1"));
            }
          });
      awaitSpans(f, 2);

      SpanData caller = only(f, "caller");
      SpanData lookup = only(f, "price_lookup");
      assertThat(lookup.getTraceId()).isEqualTo(caller.getTraceId());
      assertThat(lookup.getParentSpanId()).isEqualTo(caller.getSpanId());
      assertThat(f.service.seen.get("A-1")[1]).isEqualTo(caller.getSpanId());
    }
  }

  @ParameterizedTest(name = "netty={0}")
  @ValueSource(booleans = {false, true})
  void withOnlyTheServerSpanFilteredOutTheHandlerRunsUnderTheClientSpan(boolean netty)
      throws Exception {
    try (GrpcFixture f =
        new GrpcFixture(
            netty,
            GrpcTracing.create(),
            GrpcTracing.create(),
            EnvFilter.parse("info," + GrpcTracing.SERVER_TARGET + "=off"))) {
      f.run(() -> PricingGrpc.newBlockingStub(f.channel).quote(request("B-2")));
      awaitSpans(f, 2);

      SpanData client = only(f, "tracebridge.test.Pricing/Quote");
      SpanData lookup = only(f, "price_lookup");
      assertThat(lookup.getTraceId()).isEqualTo(client.getTraceId());
      assertThat(lookup.getParentSpanId()).isEqualTo(client.getSpanId());
    }
  }

  @ParameterizedTest(name = "netty={0}")
  @ValueSource(booleans = {false, true})
  void turningTheClientOffLeavesTheServerSpanOn(boolean netty) throws Exception {
    try (GrpcFixture f =
        new GrpcFixture(
            netty,
            GrpcTracing.create(),
            GrpcTracing.create(),
            EnvFilter.parse("info," + GrpcTracing.CLIENT_TARGET + "=off"))) {
      f.run(
          () -> {
            try (EnteredSpan caller = APP.infoSpan("caller").entered()) {
              PricingGrpc.newBlockingStub(f.channel).quote(request("C-3"));
            }
          });
      awaitSpans(f, 3);

      SpanData caller = only(f, "caller");
      SpanData server = only(f, "tracebridge.test.Pricing/Quote");
      assertThat(server.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.SERVER);
      assertThat(server.getParentSpanId()).isEqualTo(caller.getSpanId());
      assertThat(only(f, "price_lookup").getParentSpanId()).isEqualTo(server.getSpanId());
    }
  }

  private static QuoteRequest request(String sku) {
    return QuoteRequest.newBuilder().setSku(sku).setQuantity(1).build();
  }

  private static void awaitSpans(GrpcFixture f, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (f.spans.getFinishedSpanItems().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static SpanData only(GrpcFixture f, String name) {
    List<SpanData> matches =
        f.spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(matches)
        .as("spans named " + name + " in " + f.spans.getFinishedSpanItems())
        .hasSize(1);
    return matches.get(0);
  }
}
