package io.tracebridge.demo.examples;

import io.tracebridge.Tracer;
import io.tracebridge.otel.setup.OtelSetup;

/**
 * Scenario 1, synchronous tracing: nested spans around plain method calls.
 *
 * <p>Rust's version puts {@code #[instrument]} on {@code sync_tracing} and {@code
 * sync_tracing_sub}; here {@code infoSpan(..).run(..)} does the same for a block of code. Output:
 *
 * <pre>
 * ...  WARN main sync_tracing: io.tracebridge.demo.examples.SyncExample: event 1
 * ...  WARN main sync_tracing:sync_tracing_sub: io.tracebridge.demo.examples.SyncExample: event 2
 * </pre>
 */
public final class SyncExample {
  private static final Tracer TRACER = Tracer.forClass(SyncExample.class);

  private SyncExample() {}

  /**
   * Runs the example on the console.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (OtelSetup setup = Examples.init()) {
      run();
    }
  }

  static void run() {
    syncTracing();
  }

  private static void syncTracing() {
    TRACER
        .infoSpan("sync_tracing")
        .run(
            () -> {
              TRACER.warn("event 1");
              syncTracingSub();
            });
  }

  private static void syncTracingSub() {
    TRACER.infoSpan("sync_tracing_sub").run(() -> TRACER.warn("event 2"));
  }
}
