package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.context.Envelope;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.filter.EnvFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Randomized context integrity: driver threads build span trees with every way docs/context.md
 * offers to carry context (wrapped pools, {@code TracedFuture}, envelopes, snapshots, virtual
 * threads where the JDK has them), with scopes closed on other threads, spans that close before the
 * work they were handed to runs, spans a filter turns off, and plain OpenTelemetry spans in
 * between. The test keeps a model of the intended parent of every span and checks the export
 * against it: every span's OpenTelemetry parent is the intended one, synchronously nested children
 * sit inside their parents in time, later work starts after its parent did, and every thread is
 * left with the root context when its work is done.
 */
class ContextIntegrityStressTest {
  private static final Tracer LOCAL = Tracer.named("stress.on");
  private static final Tracer OFF = Tracer.named("stress.off");
  private static final int DRIVERS = 8;
  private static final int ROUNDS = 150;
  private static final int MAX_DEPTH = 3;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final Registry registry =
      Registry.builder()
          .with(
              OpenTelemetryLayer.builder(sdk).codeAttributes(false).build(),
              EnvFilter.parse("trace,stress.off=off"))
          .build();
  private final io.opentelemetry.api.trace.Tracer raw = sdk.getTracer("stress.raw");

  /** Span name to what the test intended: its parent's name (null for a root) and how it nests. */
  private final Map<String, Intent> model = new ConcurrentHashMap<>();

  private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong names = new AtomicLong();

  /** How the spans being made on this thread come about, for the report. */
  private static final ThreadLocal<String> HOW = ThreadLocal.withInitial(() -> "?");

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final ExecutorService closer = Executors.newSingleThreadExecutor();
  private final ExecutorService virtual = virtualThreadsOrNull();
  private final Executor tracedPool = TracingExecutors.wrap(checked(pool));
  private final Executor tracedVirtual =
      virtual == null ? tracedPool : TracingExecutors.wrap(checked(virtual));

  /** The intended parent, whether the child is synchronously nested in it, and how it was made. */
  private record Intent(String parent, boolean nested, String how) {}

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
    closer.shutdownNow();
    if (virtual != null) {
      virtual.shutdownNow();
    }
  }

  @Test
  void everyExportedSpanHasItsIntendedParentAndEveryThreadEndsWithTheRootContext()
      throws Exception {
    if (virtual == null) {
      System.out.println(
          "ContextIntegrityStressTest: JDK "
              + Runtime.version().feature()
              + " has no virtual threads; that part runs on platform threads (CI runs JDK 25 too)");
    }
    List<Thread> drivers = new ArrayList<>();
    for (int d = 0; d < DRIVERS; d++) {
      long seed = 0x5eed + d;
      Thread driver =
          new Thread(() -> Dispatch.withDefault(registry, () -> drive(seed)), "driver-" + d);
      drivers.add(driver);
      driver.start();
    }
    for (Thread driver : drivers) {
      driver.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(driver.isAlive()).as(driver.getName() + " finished").isFalse();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    Map<String, SpanData> byName =
        spans.stream().collect(Collectors.toMap(SpanData::getName, Function.identity()));
    assertThat(byName).as("every intended span exported once").hasSameSizeAs(spans);
    assertThat(byName.keySet()).isEqualTo(model.keySet());
    int nestedPairs = 0;
    int laterPairs = 0;
    for (Map.Entry<String, Intent> e : model.entrySet()) {
      SpanData span = byName.get(e.getKey());
      Intent intent = e.getValue();
      if (intent.parent() == null) {
        if (span.getParentSpanContext().isValid()) {
          violations.add(e.getKey() + " should be a root");
        }
        continue;
      }
      SpanData parent = byName.get(intent.parent());
      if (!span.getParentSpanId().equals(parent.getSpanId())
          || !span.getTraceId().equals(parent.getTraceId())) {
        String actual =
            spans.stream()
                .filter(s -> s.getSpanId().equals(span.getParentSpanId()))
                .map(SpanData::getName)
                .findFirst()
                .orElse(span.getParentSpanContext().isValid() ? "an unknown span" : "no parent");
        violations.add(
            e.getKey()
                + " ("
                + intent.how()
                + ") has OTel parent "
                + actual
                + ", intended "
                + intent.parent()
                + " ("
                + model.get(intent.parent()).how()
                + ")");
      }
      if (span.getStartEpochNanos() < parent.getStartEpochNanos()) {
        violations.add(e.getKey() + " starts before its parent " + intent.parent());
      }
      if (intent.nested()) {
        nestedPairs++;
        if (span.getEndEpochNanos() > parent.getEndEpochNanos()) {
          violations.add(e.getKey() + " ends after its parent " + intent.parent());
        }
      } else {
        laterPairs++;
      }
    }
    System.out.printf(
        "ContextIntegrityStressTest: %d spans, %d nested pairs, %d pairs of later work%n",
        spans.size(), nestedPairs, laterPairs);
    assertThat(violations).isEmpty();
    assertThat(nestedPairs).isGreaterThan(1_000);
    assertThat(laterPairs).isGreaterThan(100);
  }

  private void drive(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < ROUNDS; round++) {
      String root = name("root");
      model.put(root, new Intent(null, true, "root"));
      try (EnteredSpan r = LOCAL.infoSpan(root).entered()) {
        for (int i = 0; i < 3; i++) {
          step(random.split(), root, 0);
        }
      }
      checkClean("driver after round " + round);
    }
  }

  /** One random way of making spans, on this thread, whose intended parent is {@code parent}. */
  private void step(SplittableRandom random, String parent, int depth) {
    if (depth >= MAX_DEPTH) {
      leaf(parent, true);
      return;
    }
    switch (random.nextInt(9)) {
      case 0 -> { // nested on this thread
        HOW.set("nested");
        String name = child(parent, true);
        try (EnteredSpan s = LOCAL.infoSpan(name).entered()) {
          step(random, name, depth + 1);
        }
      }
      case 1 -> { // a wrapped pool, waited for
        HOW.set("pool");
        String name = child(parent, true);
        try (EnteredSpan s = LOCAL.infoSpan(name).entered()) { // captured at submission
          await(submit(tracedPool, () -> step(random, name, depth + 1)));
        }
      }
      case 2 -> { // work handed a span that closes before the work runs
        HOW.set("closed-carried");
        String name = child(parent, true);
        Span s = LOCAL.infoSpan(name).start();
        Runnable work = () -> leaf(name, false);
        Runnable late = random.nextBoolean() ? s.wrap(work) : ContextSnapshot.of(s).wrap(work);
        s.close();
        await(submit(pool, late));
      }
      case 3 -> { // a scope closed on another thread, then more work here
        HOW.set("foreign-close");
        String name = child(parent, true);
        Span x = LOCAL.infoSpan(name).start();
        Scope scope = x.enter();
        await(closer.submit(scope::close));
        leaf(parent, true);
        x.close();
      }
      case 4 -> { // a span a filter turns off is transparent
        HOW.set("filtered");
        try (EnteredSpan off = OFF.infoSpan("filtered").entered()) {
          step(random, parent, depth + 1);
        }
      }
      case 5 -> { // a plain OpenTelemetry span in between
        HOW.set("raw");
        String name = child(parent, true);
        io.opentelemetry.api.trace.Span r = raw.spanBuilder(name).startSpan();
        try (io.opentelemetry.context.Scope s = r.makeCurrent()) {
          step(random, name, depth + 1);
        } finally {
          r.end();
        }
      }
      case 6 -> { // a TracedFuture chain over the pool
        HOW.set("future");
        String name = child(parent, true);
        Span s = LOCAL.infoSpan(name).start();
        TracedFuture.supplyAsync(
                s,
                () -> {
                  step(random, name, depth + 1);
                  return 1;
                },
                pool)
            .thenApplyAsync(n -> leaf(name, true), pool)
            .join();
        s.close();
      }
      case 7 -> { // the channel pattern: the sender's span closes before the message is processed
        HOW.set("channel");
        String name = child(parent, true);
        Span send = LOCAL.infoSpan(name).start();
        Envelope<String> message = Envelope.of("job", send);
        send.close();
        await(submit(pool, () -> message.run(job -> leaf(name, false))));
      }
      default -> { // virtual threads (JDK 21+), waited for
        HOW.set("virtual");
        String name = child(parent, true);
        try (EnteredSpan s = LOCAL.infoSpan(name).entered()) {
          await(submit(tracedVirtual, () -> step(random, name, depth + 1)));
        }
      }
    }
  }

  private int leaf(String parent, boolean nested) {
    String name = child(parent, nested);
    LOCAL.infoSpan(name).run(() -> LOCAL.info("work"));
    return 0;
  }

  private String child(String parent, boolean nested) {
    String name = name("span");
    model.put(name, new Intent(parent, nested, HOW.get()));
    return name;
  }

  private String name(String kind) {
    return kind + "-" + names.incrementAndGet();
  }

  /** Runs each task, then checks that its thread is left with no span and the root context. */
  private Executor checked(Executor executor) {
    return task ->
        executor.execute(
            () -> {
              try {
                task.run();
              } finally {
                checkClean(Thread.currentThread().toString());
              }
            });
  }

  private void checkClean(String where) {
    if (Context.current() != Context.root()) {
      violations.add(where + " kept OTel context " + Context.current());
    }
    if (!Span.current().isNone()) {
      violations.add(where + " kept local span " + Span.current());
    }
  }

  private static Future<?> submit(Executor executor, Runnable task) {
    java.util.concurrent.FutureTask<Void> future =
        new java.util.concurrent.FutureTask<>(task, null);
    executor.execute(future);
    return future;
  }

  private static void await(Future<?> future) {
    try {
      future.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ExecutorService virtualThreadsOrNull() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
