package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.testing.RecordingSubscriber;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One-line events ({@code TRACER.info("...")}, {@code error(message, error)}) reuse one event per
 * thread; these tests pin down that the reuse is invisible: nothing carries over between events, an
 * event emitted from inside a subscriber's callback leaves the outer one intact, and the enabled
 * one-line path allocates nothing of its own.
 */
class OneLineEventTest {
  private static final Tracer TRACER = Tracer.forClass(OneLineEventTest.class);

  @Test
  void aOneLineEventCarriesNothingOverFromThePreviousOne() {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    IllegalStateException failure = new IllegalStateException("stock service down");
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("checkout").entered()) {
            TRACER.error("reserve failed", failure);
          }
          TRACER.info("outside");
        });

    assertThat(recorder.event("reserve failed").error()).isSameAs(failure);
    assertThat(recorder.event("reserve failed").spanPath()).containsExactly("checkout");
    assertThat(recorder.event("outside").error()).isNull();
    assertThat(recorder.event("outside").fields()).isEmpty();
    assertThat(recorder.event("outside").spanPath()).isEmpty();
  }

  @Test
  void anEventEmittedFromInsideASubscribersCallbackLeavesTheOuterEventIntact() {
    IllegalArgumentException failure = new IllegalArgumentException("bad sku");
    List<String> seen = new ArrayList<>();
    Subscriber reentrant =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            if (event.message().equals("outer")) {
              TRACER.info("inner"); // e.g. a layer that logs through tracebridge itself
              seen.add(
                  "after inner: "
                      + event.message()
                      + " error="
                      + event.error().getMessage()
                      + " level="
                      + event.level());
            } else {
              seen.add(event.message() + " error=" + event.error());
            }
          }
        };
    Dispatch.withDefault(reentrant, () -> TRACER.error("outer", failure));

    assertThat(seen)
        .containsExactly("inner error=null", "after inner: outer error=bad sku level=ERROR");
  }

  @Test
  void aBuilderFromAtIsNeverTheReusedEventSoKeepingItCannotWriteIntoAnotherEvent() {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    Dispatch.withDefault(
        recorder,
        () -> {
          EventBuilder kept = TRACER.atInfo();
          kept.log("first");
          TRACER.info("second");
          kept.field("late", 1).log("ignored"); // misuse: a logged builder stays inert
        });

    assertThat(recorder.events()).extracting(e -> e.message()).containsExactly("first", "second");
    assertThat(recorder.event("second").fields()).isEmpty();
  }

  @Test
  void enabledOneLineEventsAllocateNothingOfTheirOwn() {
    com.sun.management.ThreadMXBean threads = threadBean();
    long[] count = new long[1];
    Subscriber counting =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            count[0] += event.message().length();
          }
        };
    Dispatch.withDefault(
        counting,
        () -> {
          long id = Thread.currentThread().getId();
          for (int i = 0; i < 20_000; i++) {
            TRACER.info("warm up"); // class loading and JIT do not count
          }
          long before = threads.getThreadAllocatedBytes(id);
          for (int i = 0; i < 100_000; i++) {
            TRACER.info("cart loaded");
          }
          long used = threads.getThreadAllocatedBytes(id) - before;
          // 100,000 events: even one byte per event would show up as ~100 KB.
          assertThat(used).isLessThan(1_000);
        });
    assertThat(count[0])
        .isEqualTo(20_000L * "warm up".length() + 100_000L * "cart loaded".length());
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counters");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}
