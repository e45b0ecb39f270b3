package io.tracebridge.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Target 4: inject and extract over a {@code HashMap} carrier, ours against OTel's own propagators
 * (api and extension-trace-propagators). Both sides use the same setter (a plain {@code put}) and
 * the same getter ({@link MapCarrier#getter()}), and each side extracts the headers its own
 * injector wrote; the setup checks that both sides extract a valid context, so neither measures a
 * failure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PropagationBenchmark {
  private static final TextMapSetter<Map<String, String>> PUT = Map::put;
  private static final TextMapGetter<Map<String, String>> GET = MapCarrier.getter();

  @Param({
    "w3c-tracecontext",
    "w3c-baggage-small",
    "w3c-baggage-large",
    "b3-single",
    "b3-multi",
    "jaeger"
  })
  public String format;

  private TextMapPropagator ours;
  private TextMapPropagator otel;
  private Context context;
  private final Map<String, String> injectCarrier = new HashMap<>();
  private Map<String, String> oursHeaders;
  private Map<String, String> otelHeaders;

  @Setup
  public void setUp() {
    SpanContext span =
        SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    Context traced = Context.root().with(Span.wrap(span));
    switch (format) {
      case "w3c-tracecontext" -> {
        ours = TraceContextPropagator.getInstance();
        otel = W3CTraceContextPropagator.getInstance();
        context = traced;
      }
      case "w3c-baggage-small" -> {
        ours = BaggagePropagator.getInstance();
        otel = W3CBaggagePropagator.getInstance();
        context = Context.root().with(baggage(3));
      }
      case "w3c-baggage-large" -> {
        ours = BaggagePropagator.getInstance();
        otel = W3CBaggagePropagator.getInstance();
        context = Context.root().with(baggage(64));
      }
      case "b3-single" -> {
        ours = B3Propagator.single();
        otel = io.opentelemetry.extension.trace.propagation.B3Propagator.injectingSingleHeader();
        context = traced;
      }
      case "b3-multi" -> {
        ours = B3Propagator.multi();
        otel = io.opentelemetry.extension.trace.propagation.B3Propagator.injectingMultiHeaders();
        context = traced;
      }
      case "jaeger" -> {
        ours = JaegerPropagator.getInstance();
        otel = io.opentelemetry.extension.trace.propagation.JaegerPropagator.getInstance();
        context = traced;
      }
      default -> throw new IllegalArgumentException("unknown format: '" + format + "'");
    }
    oursHeaders = new HashMap<>();
    ours.inject(context, oursHeaders, PUT);
    otelHeaders = new HashMap<>();
    otel.inject(context, otelHeaders, PUT);
    check(ours.extract(Context.root(), oursHeaders, GET), "ours");
    check(otel.extract(Context.root(), otelHeaders, GET), "OTel");
  }

  private void check(Context extracted, String side) {
    boolean ok =
        format.contains("baggage")
            ? Baggage.fromContext(extracted).size() == Baggage.fromContext(context).size()
            : Span.fromContext(extracted).getSpanContext().isValid();
    if (!ok) {
      throw new IllegalStateException(
          side + " did not extract " + format + " from its own headers");
    }
  }

  /** {@code n} entries of about 40 bytes each: 64 of them are near a realistic upper size. */
  private static Baggage baggage(int n) {
    BaggageBuilder builder = Baggage.builder();
    for (int i = 0; i < n; i++) {
      builder.put("key" + i, "value-" + i + "-abcdefghijklmnopqrstuvwxyz");
    }
    return builder.build();
  }

  @Benchmark
  public Map<String, String> tracebridgeInject() {
    injectCarrier.clear();
    ours.inject(context, injectCarrier, PUT);
    return injectCarrier;
  }

  @Benchmark
  public Map<String, String> otelInject() {
    injectCarrier.clear();
    otel.inject(context, injectCarrier, PUT);
    return injectCarrier;
  }

  @Benchmark
  public Context tracebridgeExtract() {
    return ours.extract(Context.root(), oursHeaders, GET);
  }

  @Benchmark
  public Context otelExtract() {
    return otel.extract(Context.root(), otelHeaders, GET);
  }
}
