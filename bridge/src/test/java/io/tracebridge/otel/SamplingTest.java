package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import org.junit.jupiter.api.Test;

class SamplingTest {
  private static final Tracer TRACER = Tracer.forClass(SamplingTest.class);

  @Test
  void childrenOfAnUnsampledSpanAreNotExportedButStillPropagateTheTrace() {
    OtelFixture otel = new OtelFixture(Sampler.parentBased(Sampler.alwaysOff()), b -> {});
    String[] traceIds = new String[2];
    otel.run(
        () -> {
          try (EnteredSpan root = TRACER.infoSpan("root").field("user_id", 7).entered()) {
            try (EnteredSpan child = TRACER.infoSpan("child").entered()) {
              TRACER.atInfo().field("n", 1).log("inside unsampled");
              traceIds[0] = OtelBridge.spanContext(root.span()).getTraceId();
              traceIds[1] = OtelBridge.spanContext(child.span()).getTraceId();
              assertThat(OtelBridge.spanContext(child.span()).isSampled()).isFalse();
              assertThat(OtelBridge.spanContext(child.span()).isValid()).isTrue();
            }
          }
        });

    assertThat(otel.finished()).isEmpty();
    assertThat(traceIds[1]).isEqualTo(traceIds[0]);
    // Other layers still get everything.
    assertThat(otel.recorder.span("root").fields()).containsEntry("user_id", 7L);
    assertThat(otel.recorder.event("inside unsampled").spanPath()).containsExactly("root", "child");
  }

  @Test
  void theSamplerDecidesOnceWhenTheSpanStarts() {
    int[] calls = new int[1];
    Sampler counting =
        new Sampler() {
          @Override
          public io.opentelemetry.sdk.trace.samplers.SamplingResult shouldSample(
              io.opentelemetry.context.Context parentContext,
              String traceId,
              String name,
              io.opentelemetry.api.trace.SpanKind spanKind,
              io.opentelemetry.api.common.Attributes attributes,
              java.util.List<io.opentelemetry.sdk.trace.data.LinkData> parentLinks) {
            calls[0]++;
            return io.opentelemetry.sdk.trace.samplers.SamplingResult.recordAndSample();
          }

          @Override
          public String getDescription() {
            return "counting";
          }
        };
    OtelFixture otel = new OtelFixture(counting, b -> {});
    otel.run(
        () -> {
          var span = TRACER.infoSpan("once").start();
          for (int i = 0; i < 5; i++) {
            span.inScope(() -> TRACER.info("tick"));
            span.record("i", i);
          }
          span.close();
        });

    assertThat(calls[0]).isEqualTo(1);
    assertThat(otel.span("once").getEvents()).hasSize(5);
  }
}
