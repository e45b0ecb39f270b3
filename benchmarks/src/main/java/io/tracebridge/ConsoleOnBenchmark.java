package io.tracebridge;

import io.tracebridge.benchmarks.BenchOtel;
import io.tracebridge.benchmarks.NullOutput;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The three enabled shapes of {@link EnabledSpanBenchmark} and {@link NestedBenchmark} with the
 * console on as well: the global subscriber is the console layer (writing to a stream that
 * discards, so formatting is measured, not I/O) and the OTel layer on the shared SDK. There is no
 * peer; the report sets these beside raw OTel's figures of the same run.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConsoleOnBenchmark {
  private static final Tracer TRACER = Tracer.forClass(ConsoleOnBenchmark.class);

  private final NullOutput console = new NullOutput();
  long userId = 42;
  boolean premium = true;
  String currency = "EUR";

  @Setup
  public void setUp() {
    BenchOtel.installWithConsole(console.printStream());
    spanWithFieldsAndEvent();
    if (console.bytes() == 0) {
      throw new IllegalStateException("the console layer wrote nothing");
    }
  }

  @Benchmark
  public Object spanWithFieldsAndEvent() {
    return EnabledSpanBenchmark.spanWithFieldsAndEvent(TRACER, userId, premium, currency);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void parentWith99Children(Blackhole bh) {
    NestedBenchmark.parentWith99Children(TRACER, bh);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void spanWith100Events(Blackhole bh) {
    NestedBenchmark.spanWith100Events(TRACER, bh);
  }
}
