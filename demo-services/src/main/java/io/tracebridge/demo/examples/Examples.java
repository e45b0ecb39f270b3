package io.tracebridge.demo.examples;

import io.tracebridge.Dispatch;
import io.tracebridge.EnvFilter;
import io.tracebridge.FmtLayer;
import io.tracebridge.Registry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Setup shared by the examples: the console subscriber, and executors with readable thread names. */
public final class Examples {
  private Examples() {}

  /**
   * Installs the console as the global default, once per JVM: Rust's
   * {@code tracing_subscriber::fmt::init()}. {@code TRACEBRIDGE_LOG} filters (default {@code trace},
   * so the examples show everything) and {@code TRACEBRIDGE_LOG_FORMAT} picks the format.
   */
  public static synchronized void initConsole() {
    if (!Dispatch.hasGlobalDefault()) {
      Dispatch.setGlobalDefault(
          Registry.builder().with(FmtLayer.fromEnv(), EnvFilter.fromEnv("trace")).build());
    }
  }

  /** Returns a pool whose threads are named {@code prefix-1}, {@code prefix-2}, and so on. */
  static ExecutorService pool(String prefix, int threads) {
    AtomicInteger next = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread t = new Thread(task, prefix + "-" + next.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return Executors.newFixedThreadPool(threads, factory);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
