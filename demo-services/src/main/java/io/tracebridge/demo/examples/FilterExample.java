package io.tracebridge.demo.examples;

import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.otel.setup.OtelSetup;

/**
 * Scenario 7, filters: the same code run under two directives, {@code RUST_LOG}-style. With {@code
 * info}, the DEBUG span {@code cache_lookup} and the DEBUG event inside it disappear (and cost a
 * level check, nothing more), while the INFO event inside it still shows, attached to the enclosing
 * {@code handle} span. With {@code info,io.tracebridge.demo.examples.FilterExample$Cache=debug} the
 * cache's debug output comes back for that target only.
 *
 * <p>In an application the directive comes from {@code TRACEBRIDGE_LOG}; here it is spelled out.
 */
public final class FilterExample {
  private static final Tracer APP = Tracer.forClass(FilterExample.class);
  private static final Tracer CACHE = Tracer.forClass(Cache.class);

  /** The directives the example runs under, in order. */
  static final String[] DIRECTIVES = {
    "info", "info,io.tracebridge.demo.examples.FilterExample$Cache=debug"
  };

  private FilterExample() {}

  /** Marker class whose name is the cache's target. */
  static final class Cache {
    private Cache() {}
  }

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
    for (String directives : DIRECTIVES) {
      System.out.println("# TRACEBRIDGE_LOG=" + directives);
      Examples.withConsole(FmtLayer.fromEnv(), EnvFilter.parse(directives), FilterExample::handle);
    }
  }

  private static void handle() {
    APP.infoSpan("handle")
        .field("path", "/items/7")
        .run(
            () -> {
              CACHE
                  .debugSpan("cache_lookup")
                  .field("key", "item:7")
                  .run(
                      () -> {
                        CACHE.atDebug().field("hit", false).log("cache miss");
                        CACHE.info("loading from database");
                      });
              APP.atDebug().log("app debug detail");
              APP.info("handled");
            });
  }
}
