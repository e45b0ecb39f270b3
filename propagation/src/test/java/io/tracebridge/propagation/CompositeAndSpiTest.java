package io.tracebridge.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeAndSpiTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void listInOtelPropagatorsSyntaxInjectsEveryFormatInOrder() {
    TextMapPropagator composite =
        TracebridgePropagators.fromList(" tracecontext , baggage,b3multi,jaeger");
    Context ctx =
        Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault())
            .with(Baggage.builder().put("k", "v").build());

    Map<String, String> headers = Carriers.inject(composite, ctx);

    assertThat(headers)
        .containsKeys("traceparent", "baggage", "x-b3-traceid", "uber-trace-id", "uberctx-k");
    assertThat(composite.fields())
        .containsSubsequence("traceparent", "baggage", "x-b3-traceid", "uber-trace-id");
  }

  @Test
  void laterPropagatorsWinOnExtract() {
    String other = "11111111111111111111111111111111";
    var carrier =
        Carriers.headers(
            "traceparent", "00-" + TRACE + "-" + SPAN + "-01", "b3", other + "-" + SPAN + "-1");

    Context w3cLast =
        TracebridgePropagators.fromList("b3,tracecontext")
            .extract(Context.root(), carrier, MapCarrier.multiGetter());
    Context b3Last =
        TracebridgePropagators.fromList("tracecontext,b3")
            .extract(Context.root(), carrier, MapCarrier.multiGetter());

    assertThat(Carriers.spanContext(w3cLast).getTraceId()).isEqualTo(TRACE);
    assertThat(Carriers.spanContext(b3Last).getTraceId()).isEqualTo(other);
  }

  @Test
  void prefixedNamesAndNoneAreAcceptedAndMistakesAreNamed() {
    assertThat(TracebridgePropagators.named("Tracebridge-Jaeger"))
        .isSameAs(JaegerPropagator.getInstance());
    assertThat(TracebridgePropagators.fromList("none")).isSameAs(TextMapPropagator.noop());
    assertThatThrownBy(() -> TracebridgePropagators.fromList("tracecontext,xray"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'xray'");
    assertThatThrownBy(() -> TracebridgePropagators.fromList("none,b3"))
        .hasMessageContaining("combines 'none'");
    assertThatThrownBy(() -> TracebridgePropagators.fromList(" , "))
        .hasMessageContaining("names no propagator");
  }

  @Test
  void otelPropagatorsSelectsOurPropagatorsThroughAutoconfigure() {
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.propagators",
                            "tracebridge-tracecontext,tracebridge-baggage,tracebridge-b3,tracebridge-b3multi,tracebridge-jaeger",
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    try {
      TextMapPropagator configured = sdk.getPropagators().getTextMapPropagator();
      Map<String, String> headers =
          Carriers.inject(configured, Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault()));

      assertThat(headers).containsKeys("traceparent", "b3", "x-b3-traceid", "uber-trace-id");
      assertThat(configured.toString())
          .contains(
              "TraceContextPropagator",
              "BaggagePropagator",
              "B3Propagator(single)",
              "JaegerPropagator");
    } finally {
      sdk.close();
    }
  }

  @Test
  void theStandardNamesMapToTheNamesOursAreRegisteredUnderAndOtherNamesAreKept() {
    assertThat(
            TracebridgePropagators.toRegisteredNames(
                java.util.List.of(
                    "tracecontext",
                    " Baggage ",
                    "B3",
                    "b3multi",
                    "jaeger",
                    "xray",
                    "none",
                    "tracebridge-b3")))
        .isEqualTo(
            "tracebridge-tracecontext,tracebridge-baggage,tracebridge-b3,tracebridge-b3multi,"
                + "tracebridge-jaeger,xray,none,tracebridge-b3");
  }
}
