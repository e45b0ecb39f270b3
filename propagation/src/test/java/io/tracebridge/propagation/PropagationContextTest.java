package io.tracebridge.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PropagationContextTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final TextMapPropagator W3C =
      TextMapPropagator.composite(
          TraceContextPropagator.getInstance(), BaggagePropagator.getInstance());

  @Test
  void injectThenJsonThenExtractKeepsTraceIdParentIdAndBaggage() {
    Context sent =
        Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault())
            .with(Baggage.builder().put("tenant", "acme \"co\"").build());

    String json = PropagationContext.inject(sent, W3C).toJson();
    Context received = PropagationContext.fromJson(json).extract(W3C);

    SpanContext parent = Carriers.spanContext(received);
    assertThat(parent.getTraceId()).isEqualTo(TRACE);
    assertThat(parent.getSpanId()).isEqualTo(SPAN);
    assertThat(parent.isRemote()).isTrue();
    assertThat(Baggage.fromContext(received).getEntryValue("tenant")).isEqualTo("acme \"co\"");
    assertThat(json)
        .startsWith("{\"")
        .contains("\"traceparent\":\"00-" + TRACE + "-" + SPAN + "-01\"");
  }

  @Test
  void theGloballyConfiguredPropagatorsAreUsedByDefault() {
    GlobalOpenTelemetry.resetForTest();
    TracebridgePropagators.resetGlobalForTest();
    try {
      GlobalOpenTelemetry.set(
          new OpenTelemetry() {
            @Override
            public io.opentelemetry.api.trace.TracerProvider getTracerProvider() {
              return io.opentelemetry.api.trace.TracerProvider.noop();
            }

            @Override
            public ContextPropagators getPropagators() {
              return ContextPropagators.create(B3Propagator.single());
            }
          });
      PropagationContext pc =
          PropagationContext.inject(Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault()));

      assertThat(pc.fields()).containsOnlyKeys("b3");
      assertThat(Carriers.spanContext(pc.extract()).getTraceId()).isEqualTo(TRACE);
    } finally {
      GlobalOpenTelemetry.resetForTest();
      TracebridgePropagators.resetGlobalForTest();
    }
  }

  @Test
  void withoutAGlobalInstanceW3cIsUsedAndNoNoopGlobalIsInstalledAsASideEffect() {
    GlobalOpenTelemetry.resetForTest();
    TracebridgePropagators.resetGlobalForTest();
    try {
      PropagationContext pc =
          PropagationContext.inject(Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault()));

      assertThat(pc.fields()).containsKey("traceparent");
      assertThat(Carriers.spanContext(pc.extract()).getSpanId()).isEqualTo(SPAN);
      assertThat(GlobalOpenTelemetry.isSet()).isFalse();
    } finally {
      GlobalOpenTelemetry.resetForTest();
      TracebridgePropagators.resetGlobalForTest();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "[]",
        "{",
        "{\"a\":1}",
        "{\"a\":\"b\",}",
        "{\"a\" \"b\"}",
        "{\"a\":\"b\"} trailing",
        "{\"a\":\"\\q\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"unterminated}"
      })
  void malformedJsonGivesTheEmptyContextInsteadOfThrowing(String json) {
    PropagationContext pc = PropagationContext.fromJson(json);

    assertThat(pc.fields()).isEmpty();
    assertThat(Carriers.spanContext(pc.extract(W3C)).isValid()).isFalse();
  }

  @Test
  void oversizedOrCrowdedJsonIsRejectedAndEscapesRoundTrip() {
    assertThat(PropagationContext.fromJson("{\"a\":\"" + "x".repeat(20_000) + "\"}").fields())
        .isEmpty();
    StringBuilder crowded = new StringBuilder("{");
    for (int i = 0; i < 65; i++) {
      crowded.append(i > 0 ? "," : "").append("\"k").append(i).append("\":\"v\"");
    }
    assertThat(PropagationContext.fromJson(crowded.append('}').toString()).fields()).isEmpty();

    PropagationContext odd = new PropagationContext(Map.of("k", "line\nbreak \\ \"quote\" \u2028"));
    assertThat(PropagationContext.fromJson(odd.toJson())).isEqualTo(odd);
    assertThat(PropagationContext.fromJson(" { \"a\" : \"b\" } ").fields())
        .containsExactly(Map.entry("a", "b"));
  }
}
