package io.tracebridge.slf4j;

import ch.qos.logback.classic.LoggerContext;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.benchmarks.BenchLogback;
import io.tracebridge.benchmarks.NullOutput;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slf4j.Logger;

/**
 * An SLF4J call through tracebridge-slf4j into the console layer, against the same call through
 * Logback into a console-style appender; both write to a discarding stream, at INFO, with debug
 * off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Slf4jBenchmark {
  private Logger tracebridge;
  private Logger logback;
  long orderId = 981;
  Long boxedOrder = 981L;
  Long boxedItems = 3L;

  private final NullOutput tracebridgeOut = new NullOutput();
  private final NullOutput logbackOut = new NullOutput();

  @Setup
  public void setUp() {
    Dispatch.setGlobalDefault(
        Registry.builder()
            .with(
                FmtLayer.builder().output(tracebridgeOut.printStream()).build(),
                EnvFilter.parse("info"))
            .build());
    TracebridgeServiceProvider provider = new TracebridgeServiceProvider();
    provider.initialize();
    tracebridge = provider.getLoggerFactory().getLogger("com.acme.Orders");
    LoggerContext context = new LoggerContext();
    logback =
        BenchLogback.logger(context, BenchLogback.console(context, logbackOut), "com.acme.Orders");
    if (tracebridge.isDebugEnabled() || logback.isDebugEnabled() || !tracebridge.isInfoEnabled()) {
      throw new IllegalStateException("INFO on, DEBUG off, on both sides");
    }
    tracebridgeEnabledTwoKeyValues();
    logbackEnabledTwoKeyValues();
    if (tracebridgeOut.bytes() == 0 || logbackOut.bytes() == 0) {
      throw new IllegalStateException(
          "a side wrote nothing: tracebridge "
              + tracebridgeOut.bytes()
              + " B, Logback "
              + logbackOut.bytes()
              + " B");
    }
  }

  @Benchmark
  public void tracebridgeEnabledTwoKeyValues() {
    tracebridge
        .atInfo()
        .addKeyValue("order_id", orderId)
        .addKeyValue("express", true)
        .log("order placed");
  }

  @Benchmark
  public void logbackEnabledTwoKeyValues() {
    logback
        .atInfo()
        .addKeyValue("order_id", orderId)
        .addKeyValue("express", true)
        .log("order placed");
  }

  @Benchmark
  public void tracebridgeDisabled() {
    tracebridge.debug("order {} has {} items", boxedOrder, boxedItems);
  }

  @Benchmark
  public void logbackDisabled() {
    logback.debug("order {} has {} items", boxedOrder, boxedItems);
  }
}
