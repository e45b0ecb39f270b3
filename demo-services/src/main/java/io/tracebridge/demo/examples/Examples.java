package io.tracebridge.demo.examples;

import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.otel.setup.OtelSetup;
import io.tracebridge.subscriber.Filter;
import io.tracebridge.subscriber.Subscriber;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Setup shared by the examples: the console subscriber, and executors with readable thread names.
 */
public final class Examples {
  private Examples() {}

  /**
   * Installs tracebridge for the examples, once per JVM: the console (Rust's {@code
   * tracing_subscriber::fmt::init()}) plus the OpenTelemetry bridge, configured by the standard
   * {@code OTEL_*} variables. {@code TRACEBRIDGE_LOG} filters (default {@code trace}, so the
   * examples show everything) and {@code TRACEBRIDGE_LOG_FORMAT} picks the console format. Spans go
   * nowhere but the console unless {@code OTEL_TRACES_EXPORTER} says otherwise, e.g. {@code
   * logging-otlp} to print them as OTLP JSON, or {@code otlp} to send them to a collector.
   *
   * @return the setup; close it before exiting so that every span is flushed
   */
  public static synchronized OtelSetup init() {
    OtelSetup installed = OtelSetup.installed();
    if (installed != null) {
      return installed;
    }
    return OtelSetup.builder()
        .filter(EnvFilter.fromEnv("trace"))
        .defaultProperty("otel.service.name", "tracebridge-examples")
        .defaultProperty("otel.traces.exporter", "none")
        .defaultProperty("otel.metrics.exporter", "none")
        .defaultProperty("otel.logs.exporter", "none")
        .install();
  }

  /**
   * Runs {@code body} with {@code console} filtered by {@code filter} as the subscriber on this
   * thread (and the threads it hands work to), plus the OpenTelemetry bridge when {@link #init()}
   * installed it, so examples that configure their own console still export their spans.
   */
  static void withConsole(Subscriber console, Filter filter, Runnable body) {
    Registry.Builder registry = Registry.builder().with(console, filter);
    OtelSetup setup = OtelSetup.installed();
    if (setup != null) {
      registry.with(setup.layer(), filter);
    }
    Dispatch.withDefault(registry.build(), body);
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
