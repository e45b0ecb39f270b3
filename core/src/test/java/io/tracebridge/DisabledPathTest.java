package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracebridge.subscriber.Filter;
import io.tracebridge.testing.RecordingSubscriber;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The disabled path returns shared no-op objects. Allocation is checked here with the JVM's
 * per-thread allocation counter (a byte count, not a timing); the benchmarks module measures it
 * under JMH with -prof gc.
 */
class DisabledPathTest {
  private static final Tracer TRACER = Tracer.forClass(DisabledPathTest.class);

  @Test
  void disabledSpanBuilderIsSharedAndStartsSpanNone() {
    Registry infoOnly =
        Registry.builder().with(RecordingSubscriber.create(), Filter.atLeast(Level.INFO)).build();
    Dispatch.withDefault(
        infoOnly,
        () -> {
          SpanBuilder a = TRACER.debugSpan("a");
          SpanBuilder b = TRACER.traceSpan("b");
          assertThat(a).isSameAs(b);
          assertThat(a.field("x", 1).start()).isSameAs(Span.none());
          assertThat(a.entered()).isSameAs(EnteredSpan.NONE);
          assertThat(TRACER.atDebug()).isSameAs(TRACER.atTrace());
          assertThat(TRACER.isEnabled(Level.DEBUG)).isFalse();
          assertThat(TRACER.isEnabled(Level.INFO)).isTrue();
        });
  }

  @Test
  void emptyRegistryEnablesNothingAndHasNoMaxLevel() {
    assertThat(Registry.EMPTY.enabled(Level.ERROR, "x")).isFalse();
    assertThat(Registry.EMPTY.maxLevelHint()).isNull();
  }

  @Test
  void disabledSpansAndEventsAllocateNothing() {
    com.sun.management.ThreadMXBean threads = threadBean();
    Registry infoOnly =
        Registry.builder().with(RecordingSubscriber.create(), Filter.atLeast(Level.INFO)).build();
    Dispatch.withDefault(
        infoOnly,
        () -> {
          long id = Thread.currentThread().getId();
          for (int i = 0; i < 20_000; i++) {
            disabledWork(i); // warm up, so class loading and JIT do not count
          }
          long baseline = measure(threads, id, () -> {});
          long used =
              measure(
                  threads,
                  id,
                  () -> {
                    for (int i = 0; i < 100_000; i++) {
                      disabledWork(i);
                    }
                  });
          // 100,000 iterations: even one byte per call would show up as ~100 KB.
          assertThat(used - baseline).isLessThan(1_000);
        });
  }

  private static void disabledWork(int i) {
    TRACER.atDebug().field("i", i).field("name", "x").field("ratio", 0.5).log("disabled event");
    Span span = TRACER.debugSpan("disabled_span").field("i", i).start();
    try (Scope ignored = span.enter()) {
      span.record("more", i);
    }
    span.close();
  }

  private static long measure(com.sun.management.ThreadMXBean threads, long id, Runnable work) {
    long before = threads.getThreadAllocatedBytes(id);
    work.run();
    return threads.getThreadAllocatedBytes(id) - before;
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean,
        "this JVM does not expose per-thread allocation counters");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}
