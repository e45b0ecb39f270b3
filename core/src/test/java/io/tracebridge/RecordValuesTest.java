package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The values handed to {@code onRecord} come from a per-thread table that is reused after the
 * callback; these tests pin down that the reuse is invisible to subscribers that copy what they
 * need.
 */
class RecordValuesTest {
  private static final Tracer TRACER = Tracer.forClass(RecordValuesTest.class);

  @Test
  void eachRecordCallHandsOnlyItsOwnValuesAndTheSpanKeepsThemAll() {
    List<Map<String, Object>> seen = new ArrayList<>();
    Subscriber copying =
        new Subscriber() {
          @Override
          public void onRecord(SpanData span, Fields values) {
            seen.add(values.asMap());
          }
        };
    Span[] span = new Span[1];
    Dispatch.withDefault(
        copying,
        () -> {
          span[0] = TRACER.infoSpan("checkout").start();
          span[0]
              .record("status", 200L)
              .record("cache", "hit")
              .record("ratio", 0.5)
              .record("ok", true);
          span[0].close();
        });

    assertThat(seen)
        .containsExactly(
            Map.of("status", 200L),
            Map.of("cache", "hit"),
            Map.of("ratio", 0.5),
            Map.of("ok", true));
    assertThat(span[0].data().fields().asMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("status", 200L, "cache", "hit", "ratio", 0.5, "ok", true));
  }

  @Test
  void aRecordFromInsideAnotherRecordsCallbackLeavesTheOuterValuesIntact() {
    List<String> seen = new ArrayList<>();
    Span[] audit = new Span[1];
    Subscriber reentrant =
        new Subscriber() {
          @Override
          public void onRecord(SpanData span, Fields values) {
            if (span.name().equals("request")) {
              audit[0].record(
                  "mirrored", 1L); // a layer recording on another span from inside a callback
              seen.add("after nested: " + values.asMap());
            } else {
              seen.add(span.name() + ": " + values.asMap());
            }
          }
        };
    Dispatch.withDefault(
        reentrant,
        () -> {
          audit[0] = TRACER.infoSpan("audit").start();
          Span request = TRACER.infoSpan("request").start();
          request.record("status", 503L);
          request.close();
          audit[0].close();
        });

    assertThat(seen).containsExactly("audit: {mirrored=1}", "after nested: {status=503}");
  }

  @Test
  void recordingTheSameFieldAgainAllocatesNothingOfItsOwn() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(
        bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counters");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counting unsupported");
    threads.setThreadAllocatedMemoryEnabled(true);
    long[] sum = new long[1];
    Subscriber counting =
        new Subscriber() {
          @Override
          public void onRecord(SpanData span, Fields values) {
            sum[0]++;
          }
        };
    Dispatch.withDefault(
        counting,
        () -> {
          Span span = TRACER.infoSpan("progress").start();
          for (int i = 0; i < 20_000; i++) {
            span.record("done", (long) i); // warm up
          }
          long id = Thread.currentThread().getId();
          long before = threads.getThreadAllocatedBytes(id);
          for (int i = 0; i < 100_000; i++) {
            span.record("done", (long) i);
          }
          long used = threads.getThreadAllocatedBytes(id) - before;
          span.close();
          assertThat(used).isLessThan(1_000);
        });
    assertThat(sum[0]).isEqualTo(120_000);
  }
}
