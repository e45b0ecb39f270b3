package io.tracebridge.grpc;

import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.Span;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteRequest;
import io.tracebridge.propagation.OutboundPolicy;
import io.tracebridge.propagation.TracebridgePropagators;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetadataAndPropagationTest {
  private static final QuoteRequest REQUEST =
      QuoteRequest.newBuilder().setSku("M-1").setQuantity(1).build();

  @Test
  void requestMetadataIsCapturedWithEveryValueOnBothSides() throws Exception {
    GrpcTracing capturing = GrpcTracing.builder().capturedRequestMetadata("X-Tenant").build();
    try (GrpcFixture f = new GrpcFixture(false, capturing, capturing)) {
      Metadata extra = new Metadata();
      Metadata.Key<String> tenant = Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);
      extra.put(tenant, "acme");
      extra.put(tenant, "beta");
      f.run(
          () ->
              PricingGrpc.newBlockingStub(f.channel)
                  .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(extra))
                  .quote(REQUEST));
      f.awaitSpans(SpanKind.SERVER, 1);

      assertThat(
              f.ofKind(SpanKind.SERVER)
                  .get(0)
                  .getAttributes()
                  .get(stringArrayKey("rpc.request.metadata.x-tenant")))
          .containsExactly("acme", "beta");
      assertThat(
              f.ofKind(SpanKind.CLIENT)
                  .get(0)
                  .getAttributes()
                  .get(stringArrayKey("rpc.request.metadata.x-tenant")))
          .containsExactly("acme", "beta");
    }
    assertThatThrownBy(() -> GrpcTracing.builder().capturedRequestMetadata("trace-bin"))
        .hasMessageContaining("'trace-bin'");
    assertThatThrownBy(() -> GrpcTracing.builder().capturedRequestMetadata(":authority"))
        .hasMessageContaining("':authority'");
  }

  @Test
  void noTraceMetadataGoesToAnAuthorityOutsideTheAllowlist() throws Exception {
    GrpcTracing strict =
        GrpcTracing.builder()
            .outboundPolicy(OutboundPolicy.builder().traceHosts("*.acme.com").build())
            .build();
    try (GrpcFixture f = new GrpcFixture(true, strict, GrpcTracing.create())) {
      f.run(() -> PricingGrpc.newBlockingStub(f.channel).quote(REQUEST));
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(server.getTraceId()).isNotEqualTo(client.getTraceId());
      assertThat(server.getParentSpanId()).isEqualTo("0000000000000000");
    }
  }

  @Test
  void everyPropagationFormatCarriesTheTraceAcrossTheCall() throws Exception {
    for (String format : new String[] {"tracecontext", "b3", "b3multi", "jaeger"}) {
      GrpcTracing tracing =
          GrpcTracing.builder().propagator(TracebridgePropagators.fromList(format)).build();
      try (GrpcFixture f = new GrpcFixture(false, tracing, tracing)) {
        f.run(() -> PricingGrpc.newBlockingStub(f.channel).quote(REQUEST));
        f.awaitSpans(SpanKind.SERVER, 1);

        SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
        SpanData server = f.ofKind(SpanKind.SERVER).get(0);
        assertThat(server.getTraceId()).as(format).isEqualTo(client.getTraceId());
        assertThat(server.getParentSpanId()).as(format).isEqualTo(client.getSpanId());
      }
    }
  }

  @Test
  void noSpanOrContextIsLeftCurrentOnGrpcExecutorThreads() throws Exception {
    try (GrpcFixture f = new GrpcFixture(false)) {
      for (int i = 0; i < 20; i++) {
        f.run(() -> PricingGrpc.newBlockingStub(f.channel).quote(REQUEST));
      }
      f.awaitSpans(SpanKind.SERVER, 20);

      for (var pool : new java.util.concurrent.ExecutorService[] {f.serverPool, f.channelPool}) {
        for (int i = 0; i < 4; i++) {
          Future<Boolean> clean =
              pool.submit(
                  () ->
                      Span.current().isNone()
                          && io.opentelemetry.context.Context.current()
                              == io.opentelemetry.context.Context.root());
          assertThat(clean.get(5, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }

  @Test
  void attributesExtractorsAddTheirFieldsOnBothSides() throws Exception {
    GrpcTracing tracing =
        GrpcTracing.builder()
            .addAttributesExtractor(
                new GrpcAttributesExtractor() {
                  @Override
                  public void onStart(
                      Span span, io.grpc.MethodDescriptor<?, ?> method, Metadata headers) {
                    span.record("app.method_type", method.getType().name());
                  }

                  @Override
                  public void onEnd(Span span, io.grpc.Status status) {
                    span.record("app.ok", status.isOk());
                  }
                })
            .build();
    try (GrpcFixture f = new GrpcFixture(false, tracing, tracing)) {
      f.run(() -> PricingGrpc.newBlockingStub(f.channel).quote(REQUEST));
      f.awaitSpans(SpanKind.SERVER, 1);

      for (SpanData s :
          f.spans.getFinishedSpanItems().stream()
              .filter(x -> x.getKind() != SpanKind.INTERNAL)
              .toList()) {
        assertThat(
                s.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.stringKey("app.method_type")))
            .isEqualTo("UNARY");
        assertThat(
                s.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.booleanKey("app.ok")))
            .isTrue();
      }
    }
  }

  @Test
  void aThrowingAttributesExtractorLeavesTheCallAndTheOtherExtractorsWhole() throws Exception {
    GrpcAttributesExtractor broken =
        new GrpcAttributesExtractor() {
          @Override
          public void onStart(Span span, io.grpc.MethodDescriptor<?, ?> method, Metadata headers) {
            throw new IllegalStateException("extractor bug");
          }

          @Override
          public void onEnd(Span span, io.grpc.Status status) {
            throw new IllegalStateException("extractor bug");
          }
        };
    GrpcAttributesExtractor working =
        new GrpcAttributesExtractor() {
          @Override
          public void onStart(Span span, io.grpc.MethodDescriptor<?, ?> method, Metadata headers) {
            span.record("app.method_type", method.getType().name());
          }

          @Override
          public void onEnd(Span span, io.grpc.Status status) {
            span.record("app.ok", status.isOk());
          }
        };
    GrpcTracing tracing =
        GrpcTracing.builder()
            .addAttributesExtractor(broken)
            .addAttributesExtractor(working)
            .build();
    try (GrpcFixture f = new GrpcFixture(false, tracing, tracing)) {
      f.run(() -> assertThat(PricingGrpc.newBlockingStub(f.channel).quote(REQUEST)).isNotNull());
      f.awaitSpans(SpanKind.SERVER, 1);

      List<SpanData> rpcSpans =
          f.spans.getFinishedSpanItems().stream()
              .filter(x -> x.getKind() != SpanKind.INTERNAL)
              .toList();
      assertThat(rpcSpans).hasSize(2);
      for (SpanData s : rpcSpans) {
        assertThat(
                s.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.stringKey("app.method_type")))
            .isEqualTo("UNARY");
        assertThat(
                s.getAttributes()
                    .get(io.opentelemetry.api.common.AttributeKey.booleanKey("app.ok")))
            .isTrue();
      }
    }
  }
}
