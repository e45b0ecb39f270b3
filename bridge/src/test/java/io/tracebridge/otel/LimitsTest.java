package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import org.junit.jupiter.api.Test;

class LimitsTest {
  private static final Tracer TRACER = Tracer.forClass(LimitsTest.class);

  @Test
  void aLongLivedSpanKeepsAtMostTheConfiguredEventsAndAttributes() {
    OtelFixture otel =
        new OtelFixture(
            Sampler.alwaysOn(),
            b ->
                b.maxEventsPerSpan(5)
                    .maxAttributesPerSpan(3)
                    .threadAttributes(false)
                    .codeAttributes(false)
                    .timingAttributes(false));
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("long_lived").entered()) {
            for (int i = 0; i < 10_000; i++) {
              TRACER.atInfo().field("i", i).log("tick");
              s.span().record("key_" + (i % 100), i);
            }
          }
        });

    var span = otel.span("long_lived");
    assertThat(span.getEvents()).hasSize(5);
    assertThat(span.getAttributes().size()).isEqualTo(3);
  }

  @Test
  void recordingTheSameKeyAgainDoesNotUseUpTheAttributeCap() {
    OtelFixture otel =
        new OtelFixture(
            Sampler.alwaysOn(),
            b ->
                b.maxAttributesPerSpan(2)
                    .threadAttributes(false)
                    .codeAttributes(false)
                    .timingAttributes(false));
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("progress").entered()) {
            for (int i = 0; i < 1000; i++) {
              s.span().record("done", i);
            }
            s.span().record("total", 1000);
          }
        });

    var attributes = otel.span("progress").getAttributes();
    assertThat(attributes.size()).isEqualTo(2);
    assertThat(attributes.get(io.opentelemetry.api.common.AttributeKey.longKey("done")))
        .isEqualTo(999L);
  }

  @Test
  void defaultCapsAreTheSdkSpanLimitsDefaults() {
    var defaults = io.opentelemetry.sdk.trace.SpanLimits.getDefault();

    assertThat(OpenTelemetryLayer.DEFAULT_MAX_ATTRIBUTES)
        .isEqualTo(defaults.getMaxNumberOfAttributes());
    assertThat(OpenTelemetryLayer.DEFAULT_MAX_EVENTS).isEqualTo(defaults.getMaxNumberOfEvents());
  }

  @Test
  void negativeCapsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> OpenTelemetryLayer.builder(OpenTelemetry.noop()).maxEventsPerSpan(-1))
        .hasMessageContaining("was -1");
    assertThatThrownBy(
            () -> OpenTelemetryLayer.builder(OpenTelemetry.noop()).maxAttributesPerSpan(-5))
        .hasMessageContaining("was -5");
  }
}
