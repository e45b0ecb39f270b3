package io.tracebridge.propagation;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the integrations pay for resolving the propagator at each use ({@link
 * TracebridgePropagators#followingGlobal()}, so construction order never matters) rather than
 * holding it: W3C trace context injected and extracted directly, and through the global lookup with
 * a global OpenTelemetry registered.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GlobalPropagatorBenchmark {
  private static final TextMapSetter<Map<String, String>> PUT = Map::put;
  private static final TextMapGetter<Map<String, String>> GET = MapCarrier.getter();

  private final TextMapPropagator direct = TraceContextPropagator.getInstance();
  private final TextMapPropagator following = TracebridgePropagators.followingGlobal();
  private final Map<String, String> carrier = new HashMap<>();
  private Map<String, String> headers;
  private Context context;

  @Setup
  public void setUp() {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(
        OpenTelemetrySdk.builder().setPropagators(ContextPropagators.create(direct)).build());
    context =
        Context.root()
            .with(
                Span.wrap(
                    SpanContext.create(
                        "4bf92f3577b34da6a3ce929d0e0e4736",
                        "00f067aa0ba902b7",
                        TraceFlags.getSampled(),
                        TraceState.getDefault())));
    headers = new HashMap<>();
    direct.inject(context, headers, PUT);
  }

  @TearDown
  public void tearDown() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Benchmark
  public Map<String, String> injectDirect() {
    carrier.clear();
    direct.inject(context, carrier, PUT);
    return carrier;
  }

  @Benchmark
  public Map<String, String> injectFollowingGlobal() {
    carrier.clear();
    following.inject(context, carrier, PUT);
    return carrier;
  }

  @Benchmark
  public Context extractDirect() {
    return direct.extract(Context.root(), headers, GET);
  }

  @Benchmark
  public Context extractFollowingGlobal() {
    return following.extract(Context.root(), headers, GET);
  }
}
