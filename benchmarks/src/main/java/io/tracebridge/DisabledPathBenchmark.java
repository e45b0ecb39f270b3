package io.tracebridge;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.tracebridge.benchmarks.BenchOtel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleServiceProvider;

/**
 * Target 1: a span and an event whose level ({@code debug}) is filtered out, against SLF4J's
 * disabled {@code debug} with two arguments and the OTel API's no-op tracer creating and ending a
 * span.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DisabledPathBenchmark {
  private static final Tracer TRACER = Tracer.forClass(DisabledPathBenchmark.class);
  // slf4j-simple, made explicitly: with several SLF4J providers in the benchmarks jar,
  // LoggerFactory's pick would depend on the class path order.
  private static final Logger LOG = simpleLogger();
  private static final io.opentelemetry.api.trace.Tracer NOOP =
      OpenTelemetry.noop().getTracer("io.tracebridge.benchmarks");

  long userId = 42;
  long items = 3;
  Long boxedUser = 42L;
  Long boxedItems = 3L;

  private static Logger simpleLogger() {
    SimpleServiceProvider provider = new SimpleServiceProvider();
    provider.initialize();
    return provider.getLoggerFactory().getLogger(DisabledPathBenchmark.class.getName());
  }

  @Setup
  public void setUp() {
    BenchOtel.install();
    if (TRACER.isEnabled(Level.DEBUG) || LOG.isDebugEnabled()) {
      throw new IllegalStateException("debug must be disabled for the disabled-path benchmark");
    }
  }

  @Benchmark
  public Object tracebridgeSpan() {
    try (EnteredSpan span =
        TRACER
            .debugSpan("checkout")
            .field("user.id", userId)
            .field("cart.items", items)
            .entered()) {
      return span;
    }
  }

  @Benchmark
  public void tracebridgeEvent() {
    TRACER.atDebug().field("user.id", userId).field("cart.items", items).log("checkout");
  }

  @Benchmark
  public void slf4jDebugTwoArguments() {
    LOG.debug("checkout user.id={} cart.items={}", boxedUser, boxedItems);
  }

  @Benchmark
  public void otelNoopSpan(Blackhole bh) {
    Span span = NOOP.spanBuilder("checkout").startSpan();
    span.end();
    bh.consume(span);
  }
}
