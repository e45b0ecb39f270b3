package io.tracebridge;

import io.micrometer.observation.Observation;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Target 3, the tracing-opentelemetry bench shape: one parent with 99 children, and one span with
 * 100 events, on the shared SDK. Same baselines as the single enabled span.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NestedBenchmark {
  private static final Tracer TRACER = Tracer.forClass(NestedBenchmark.class);
  static final int CHILDREN = 99;
  static final int EVENTS = 100;
  private static final String TARGET_NAME = NestedBenchmark.class.getName();

  @Setup
  public void setUp() {
    BenchOtel.install();
  }

  @Benchmark
  public void tracebridgeParentWith99Children(Blackhole bh) {
    parentWith99Children(TRACER, bh);
  }

  /** Our side of this shape, also run with the console on by {@link ConsoleOnBenchmark}. */
  static void parentWith99Children(Tracer tracer, Blackhole bh) {
    try (EnteredSpan parent = tracer.infoSpan("parent").entered()) {
      for (int i = 0; i < CHILDREN; i++) {
        try (EnteredSpan child = tracer.infoSpan("child").entered()) {
          bh.consume(child);
        }
      }
      bh.consume(parent);
    }
  }

  @Benchmark
  public void rawOtelParentWith99Children(Blackhole bh) {
    Span parent = BenchOtel.OTEL_TRACER.spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      for (int i = 0; i < CHILDREN; i++) {
        Span child = BenchOtel.OTEL_TRACER.spanBuilder("child").startSpan();
        try (Scope inner = child.makeCurrent()) {
          bh.consume(child);
        } finally {
          child.end();
        }
      }
    } finally {
      parent.end();
    }
  }

  @Benchmark
  public void micrometerParentWith99Children(Blackhole bh) {
    Observation parent = Observation.start("parent", Micrometer.REGISTRY);
    try (Observation.Scope ignored = parent.openScope()) {
      for (int i = 0; i < CHILDREN; i++) {
        Observation child = Observation.start("child", Micrometer.REGISTRY);
        try (Observation.Scope inner = child.openScope()) {
          bh.consume(child);
        } finally {
          child.stop();
        }
      }
    } finally {
      parent.stop();
    }
  }

  @Benchmark
  public void tracebridgeSpanWith100Events(Blackhole bh) {
    spanWith100Events(TRACER, bh);
  }

  /** Our side of this shape, also run with the console on by {@link ConsoleOnBenchmark}. */
  static void spanWith100Events(Tracer tracer, Blackhole bh) {
    try (EnteredSpan span = tracer.infoSpan("span").entered()) {
      for (int i = 0; i < EVENTS; i++) {
        tracer.info("event");
      }
      bh.consume(span);
    }
  }

  @Benchmark
  public void rawOtelSpanWith100Events(Blackhole bh) {
    Span span = BenchOtel.OTEL_TRACER.spanBuilder("span").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      for (int i = 0; i < EVENTS; i++) {
        Span.current()
            .addEvent(
                "event",
                Attributes.of(
                    EnabledSpanBenchmark.LEVEL, "INFO", EnabledSpanBenchmark.TARGET, TARGET_NAME));
      }
      bh.consume(span);
    } finally {
      span.end();
    }
  }

  @Benchmark
  public void micrometerSpanWith100Events(Blackhole bh) {
    Observation span = Observation.start("span", Micrometer.REGISTRY);
    try (Observation.Scope ignored = span.openScope()) {
      for (int i = 0; i < EVENTS; i++) {
        span.event(Observation.Event.of("event"));
      }
      bh.consume(span);
    } finally {
      span.stop();
    }
  }
}
