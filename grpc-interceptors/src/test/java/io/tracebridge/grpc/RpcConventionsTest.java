package io.tracebridge.grpc;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.incubating.MessageIncubatingAttributes;
import io.opentelemetry.semconv.incubating.RpcIncubatingAttributes;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The migration switch, as docs/grpc.md describes it: stable conventions by default, {@code
 * OTEL_SEMCONV_STABILITY_OPT_IN=rpc/dup} emits old and stable together, {@code rpc/old} the old
 * alone.
 */
class RpcConventionsTest {
  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      nullValues = "null",
      value = {
        "null, STABLE",
        "'', STABLE",
        "rpc, STABLE",
        "'http,database', STABLE",
        "rpc/dup, DUPLICATE",
        "' http , RPC/DUP ', DUPLICATE",
        "rpc/old, OLD",
        "'rpc/old,rpc/dup', DUPLICATE",
        "'rpc,rpc/old', OLD",
      })
  void theOptInListPicksTheConventions(String optIn, RpcConventions expected) {
    assertThat(RpcConventions.parse(optIn)).isEqualTo(expected);
  }

  private static SpanData failedClientSpan(RpcConventions conventions) throws Exception {
    GrpcTracing tracing =
        GrpcTracing.builder()
            .rpcConventions(conventions)
            .capturedRequestMetadata("x-tenant")
            .build();
    try (GrpcFixture f = new GrpcFixture(false, tracing, tracing)) {
      Metadata extra = new Metadata();
      extra.put(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
      f.run(
          () -> {
            try {
              PricingGrpc.newBlockingStub(f.channel)
                  .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(extra))
                  .quote(QuoteRequest.newBuilder().setSku("x").setFailWith("NOT_FOUND").build());
            } catch (io.grpc.StatusRuntimeException expected) {
              // the scenario
            }
          });
      f.awaitSpans(SpanKind.SERVER, 1);
      return f.ofKind(SpanKind.CLIENT).get(0);
    }
  }

  @Test
  void oldConventionsKeepTheNamesTracebridgeFirstWrote() throws Exception {
    SpanData span = failedClientSpan(RpcConventions.OLD);

    assertThat(span.getAttributes().get(stringKey("rpc.system"))).isEqualTo("grpc");
    assertThat(span.getAttributes().get(stringKey("rpc.service")))
        .isEqualTo("tracebridge.test.Pricing");
    assertThat(span.getAttributes().get(stringKey("rpc.method"))).isEqualTo("Quote");
    assertThat(span.getAttributes().get(longKey("rpc.grpc.status_code"))).isEqualTo(5L);
    assertThat(span.getAttributes().get(stringArrayKey("rpc.grpc.request.metadata.x-tenant")))
        .containsExactly("acme");
    assertThat(span.getAttributes().asMap().keySet())
        .extracting(k -> k.getKey())
        .doesNotContain(
            "rpc.system.name", "rpc.status_code", "error.type", "rpc.request.metadata.x-tenant");
  }

  @Test
  void duplicateConventionsCarryBothWithTheStableMethod() throws Exception {
    SpanData span = failedClientSpan(RpcConventions.DUPLICATE);

    assertThat(span.getAttributes().get(stringKey("rpc.system"))).isEqualTo("grpc");
    assertThat(span.getAttributes().get(stringKey("rpc.system.name"))).isEqualTo("grpc");
    assertThat(span.getAttributes().get(stringKey("rpc.service")))
        .isEqualTo("tracebridge.test.Pricing");
    assertThat(span.getAttributes().get(stringKey("rpc.method")))
        .isEqualTo("tracebridge.test.Pricing/Quote");
    assertThat(span.getAttributes().get(longKey("rpc.grpc.status_code"))).isEqualTo(5L);
    assertThat(span.getAttributes().get(stringKey("rpc.status_code"))).isEqualTo("NOT_FOUND");
    assertThat(span.getAttributes().get(stringKey("error.type"))).isEqualTo("NOT_FOUND");
    assertThat(span.getAttributes().get(stringArrayKey("rpc.grpc.request.metadata.x-tenant")))
        .containsExactly("acme");
    assertThat(span.getAttributes().get(stringArrayKey("rpc.request.metadata.x-tenant")))
        .containsExactly("acme");
  }

  @Test
  void theIncubatingNamesWrittenByHandMatchTheSemanticConventionsLibrary() {
    assertThat(GrpcTracing.REQUEST_METADATA + "x-tenant")
        .isEqualTo(
            RpcIncubatingAttributes.RPC_REQUEST_METADATA.getAttributeKey("x-tenant").getKey());
    assertThat(GrpcTracing.OLD_REQUEST_METADATA + "x-tenant")
        .isEqualTo(
            RpcIncubatingAttributes.RPC_GRPC_REQUEST_METADATA.getAttributeKey("x-tenant").getKey());
    assertThat(GrpcTracing.MESSAGE_TYPE)
        .isEqualTo(MessageIncubatingAttributes.MESSAGE_TYPE.getKey());
    assertThat(GrpcTracing.MESSAGE_ID).isEqualTo(MessageIncubatingAttributes.MESSAGE_ID.getKey());
    assertThat("rpc.grpc.status_code")
        .isEqualTo(RpcIncubatingAttributes.RPC_GRPC_STATUS_CODE.getKey());
    assertThat("rpc.service").isEqualTo(RpcIncubatingAttributes.RPC_SERVICE.getKey());
  }
}
