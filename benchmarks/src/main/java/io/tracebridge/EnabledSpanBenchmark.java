package io.tracebridge;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.tracebridge.benchmarks.BenchOtel;
import io.tracebridge.benchmarks.Micrometer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Target 2: one span with three typed fields and one event (with one field), entered and closed, on
 * the shared SDK, exporting the same data on both sides (the bridge adds {@code level} and {@code
 * target} to each event, so the raw side adds them too). Raw OTel is the physical limit; Micrometer
 * Observation is the peer (its key values are strings, so it does the typed-to-string work itself).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnabledSpanBenchmark {
  private static final Tracer TRACER = Tracer.forClass(EnabledSpanBenchmark.class);
  static final AttributeKey<Long> USER = AttributeKey.longKey("user.id");
  static final AttributeKey<Boolean> PREMIUM = AttributeKey.booleanKey("user.premium");
  static final AttributeKey<String> CURRENCY = AttributeKey.stringKey("currency");
  static final AttributeKey<String> STEP = AttributeKey.stringKey("step");
  static final AttributeKey<String> LEVEL = AttributeKey.stringKey("level");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("target");

  long userId = 42;
  boolean premium = true;
  String currency = "EUR";

  @Setup
  public void setUp() {
    BenchOtel.install();
  }

  @Benchmark
  public Object tracebridge() {
    return spanWithFieldsAndEvent(TRACER, userId, premium, currency);
  }

  /** Our side of this shape, also run with the console on by {@link ConsoleOnBenchmark}. */
  static Object spanWithFieldsAndEvent(
      Tracer tracer, long userId, boolean premium, String currency) {
    try (EnteredSpan span =
        tracer
            .infoSpan("checkout")
            .field("user.id", userId)
            .field("user.premium", premium)
            .field("currency", currency)
            .entered()) {
      tracer.atInfo().field("step", "priced").log("priced");
      return span;
    }
  }

  @Benchmark
  public Object rawOtel() {
    Span span =
        BenchOtel.OTEL_TRACER
            .spanBuilder("checkout")
            .setAttribute(USER, userId)
            .setAttribute(PREMIUM, premium)
            .setAttribute(CURRENCY, currency)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      // The bridge gives every event level and target attributes; the raw side writes the same.
      span.addEvent(
          "priced",
          Attributes.of(
              LEVEL, "INFO", TARGET, EnabledSpanBenchmark.class.getName(), STEP, "priced"));
    } finally {
      span.end();
    }
    return span;
  }

  @Benchmark
  public Object micrometer() {
    Observation observation =
        Observation.createNotStarted("checkout", Micrometer.REGISTRY)
            .highCardinalityKeyValue("user.id", Long.toString(userId))
            .highCardinalityKeyValue("user.premium", Boolean.toString(premium))
            .lowCardinalityKeyValue("currency", currency)
            .start();
    try (Observation.Scope ignored = observation.openScope()) {
      observation.event(Observation.Event.of("priced"));
    } finally {
      observation.stop();
    }
    return observation;
  }
}
