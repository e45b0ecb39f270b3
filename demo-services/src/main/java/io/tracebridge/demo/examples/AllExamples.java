package io.tracebridge.demo.examples;

import io.tracebridge.otel.setup.OtelSetup;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs every example in turn, each under a heading: what {@code ./run-demo} shows. */
public final class AllExamples {
  private AllExamples() {}

  /** The examples in the Rust articles' order, by heading. */
  static Map<String, Runnable> examples() {
    Map<String, Runnable> all = new LinkedHashMap<>();
    all.put("1. sync: nested spans", SyncExample::run);
    all.put("2. async: a CompletableFuture chain stays in its span", AsyncExample::run);
    all.put("3. threads: span plus data through a channel", ChannelExample::run);
    all.put("4. structured fields with typed values", StructuredFieldsExample::run);
    all.put("5. nested spans with an error in the inner one", NestedErrorsExample::run);
    all.put("6. the lost-context pitfall and its fixes", LostContextExample::run);
    all.put("7. a filter directive hides debug spans", FilterExample::run);
    all.put("8. JSON output", JsonExample::run);
    all.put("9. distributed: a trace crosses a queue of JSON messages", DistributedExample::run);
    return all;
  }

  /**
   * Runs all examples on the console.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (OtelSetup setup = Examples.init()) {
      runAll();
    }
  }

  /** Runs every example under its heading, with whatever subscriber is installed. */
  static void runAll() {
    for (Map.Entry<String, Runnable> example : examples().entrySet()) {
      System.out.println();
      System.out.println("=== " + example.getKey());
      example.getValue().run();
    }
  }
}
