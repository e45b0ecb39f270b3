package io.tracebridge.demo.examples;

import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import io.tracebridge.context.TracedQueue;
import io.tracebridge.otel.setup.OtelSetup;

/**
 * Scenario 3, multithreaded through a channel: a producer sends work items to a worker thread over
 * a {@link TracedQueue}. Each message travels in an {@link io.tracebridge.context.Envelope} with
 * the producer's span, as the Rust article's struct carries {@code data} plus {@code span} over
 * {@code mpsc}, so the worker's spans and events land under the request that sent the item:
 *
 * <pre>
 * ...  INFO main produce{batch=1}: ...ChannelExample: sending item=1
 * ...  INFO worker produce{batch=1}:consume{item=1}: ...ChannelExample: processed item squared=1
 * </pre>
 */
public final class ChannelExample {
  private static final Tracer TRACER = Tracer.forClass(ChannelExample.class);
  private static final int STOP = -1;

  private ChannelExample() {}

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
    TracedQueue<Integer> channel = TracedQueue.create(16);
    Thread worker = new Thread(() -> consume(channel), "worker");
    worker.start();
    for (int batch = 1; batch <= 2; batch++) {
      try (EnteredSpan produce = TRACER.infoSpan("produce").field("batch", batch).entered()) {
        for (int item = batch * 10 - 9; item <= batch * 10 - 8; item++) {
          TRACER.atInfo().field("item", item).log("sending");
          put(channel, item);
        }
      }
    }
    put(channel, STOP);
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void consume(TracedQueue<Integer> channel) {
    try {
      while (true) {
        boolean[] stop = {false};
        channel.takeAndRun(
            item -> {
              if (item == STOP) {
                stop[0] = true;
                return;
              }
              TRACER
                  .infoSpan("consume")
                  .field("item", item)
                  .run(
                      () ->
                          TRACER
                              .atInfo()
                              .field("squared", (long) item * item)
                              .log("processed item"));
            });
        if (stop[0]) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void put(TracedQueue<Integer> channel, int item) {
    try {
      channel.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
