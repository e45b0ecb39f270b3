package io.tracebridge.demo.examples;

import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.otel.setup.OtelSetup;

/**
 * Scenario 8, JSON output for log aggregation: one object per line, fields in their native JSON
 * types, the current span and the whole span stack included. Set {@code
 * TRACEBRIDGE_LOG_FORMAT=json} to get the same from any other example.
 *
 * <pre>{@code
 * {"timestamp":"...","level":"INFO","fields":{"message":"order placed","order_id":981,"total":59.9,"express":true},
 *  "target":"...JsonExample","span":{"user_id":42,"name":"checkout"},"spans":[{"user_id":42,"name":"checkout"}],"threadName":"main"}
 * }</pre>
 */
public final class JsonExample {
  private static final Tracer TRACER = Tracer.forClass(JsonExample.class);

  private JsonExample() {}

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
    FmtLayer json = FmtLayer.builder().format(FmtLayer.Format.JSON).build();
    Examples.withConsole(
        json,
        EnvFilter.fromEnv("trace"),
        () -> {
          try (EnteredSpan checkout = TRACER.infoSpan("checkout").field("user_id", 42).entered()) {
            TRACER
                .atInfo()
                .field("order_id", 981)
                .field("total", 59.90)
                .field("express", true)
                .field("skus", new String[] {"A-1", "B-2"})
                .log("order placed");
            TRACER
                .atWarn()
                .error(new IllegalStateException("stock low"))
                .log("reservation degraded");
          }
        });
  }
}
