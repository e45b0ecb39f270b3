package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.subscriber.SpanData;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpanLifecycleTest {
  private static final Tracer TRACER = Tracer.forClass(SpanLifecycleTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  @Test
  void closingTwiceNotifiesSubscribersOnce() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("once").start();
          span.close();
          span.close();
          assertThat(span.isClosed()).isTrue();
        });

    assertThat(recorder.span("once").closes()).isEqualTo(1);
  }

  @Test
  void enteringAfterCloseIsANoOpThatLeavesNothingCurrent() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("closed").start();
          span.close();
          try (Scope scope = span.enter()) {
            assertThat(scope).isSameAs(Scope.NOOP);
            assertThat(Span.current().isNone()).isTrue();
          }
        });

    assertThat(recorder.span("closed").enterThreads()).isEmpty();
  }

  @Test
  void recordingAfterCloseIsIgnored() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("late").empty("result").start();
          span.close();
          span.record("result", 42L);
        });

    assertThat(recorder.span("late").fields()).doesNotContainKey("result");
    assertThat(recorder.log()).doesNotContain("record late");
  }

  @Test
  void emptyFieldIsInvisibleUntilRecorded() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("query").empty("rows").start();
          assertThat(span.data().fields().asMap()).doesNotContainKey("rows");
          span.record("rows", 12);
          span.close();
        });

    assertThat(recorder.span("query").field("rows")).isEqualTo(12L);
    assertThat(recorder.log()).containsSubsequence("new query", "record query", "close query");
  }

  @Test
  void closingAScopeTwiceExitsOnce() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("twice").start();
          Scope scope = span.enter();
          scope.close();
          scope.close();
          span.close();
        });

    assertThat(recorder.span("twice").exits()).isEqualTo(1);
  }

  @Test
  void outOfOrderScopeCloseKeepsTheOtherScopeCurrent() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span a = TRACER.infoSpan("a").start();
          Span b = TRACER.infoSpan("b").start();
          Scope sa = a.enter();
          Scope sb = b.enter();
          sa.close();
          assertThat(Span.current()).isSameAs(b);
          sb.close();
          assertThat(Span.current().isNone()).isTrue();
          a.close();
          b.close();
        });
  }

  @Test
  void closingTheSpanWhileEnteredStillLetsTheScopeRestoreTheParent() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            Span inner = TRACER.infoSpan("inner").start();
            try (Scope scope = inner.enter()) {
              inner.close();
            }
            assertThat(Span.current()).isSameAs(outer.span());
          }
        });

    // The exit pairs an enter that layers were told of, so they hear of it even after the close.
    assertThat(recorder.log())
        .containsSubsequence(
            "enter inner", "close inner", "exit inner", "exit outer", "close outer");
  }

  @Test
  void runRecordsTheExceptionOnTheSpanAndRethrowsTheSameInstance() {
    IllegalStateException boom = new IllegalStateException("boom");
    Dispatch.withDefault(
        recorder,
        () -> {
          try {
            TRACER
                .infoSpan("failing")
                .run(
                    () -> {
                      throw boom;
                    });
          } catch (IllegalStateException e) {
            assertThat(e).isSameAs(boom);
          }
        });

    assertThat(recorder.span("failing").field("error")).isSameAs(boom);
    assertThat(recorder.span("failing").isClosed()).isTrue();
  }

  @Test
  void callRethrowsCheckedExceptionsUnchanged() {
    Exception checked = new java.io.IOException("disk");
    Dispatch.withDefault(
        recorder,
        () -> {
          try {
            TRACER
                .infoSpan("io")
                .call(
                    () -> {
                      throw checked;
                    });
            throw new AssertionError("call should have thrown");
          } catch (Exception e) {
            assertThat(e).isSameAs(checked);
          }
        });

    assertThat(recorder.span("io").field("error")).isSameAs(checked);
  }

  @Test
  void busyTimeCountsEnteredTimeAndIdleTimeTheRest() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("timed").start();
          TestThreads.sleep(30);
          span.inScope(() -> TestThreads.sleep(30));
          TestThreads.sleep(30);
          span.close();
        });

    long busy = recorder.span("timed").busyNanos();
    long idle = recorder.span("timed").idleNanos();
    assertThat(busy).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    assertThat(idle).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
  }

  @Test
  void spanEnteredOnTwoThreadsAtOnceCountsOverlappingTimeAsBusyOnce() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("shared").start();
          Thread t1 = new Thread(span.wrap(() -> TestThreads.sleep(40)));
          Thread t2 = new Thread(span.wrap(() -> TestThreads.sleep(40)));
          long start = System.nanoTime();
          t1.start();
          t2.start();
          TestThreads.join(t1);
          TestThreads.join(t2);
          long wall = System.nanoTime() - start;
          span.close();
          assertThat(span.data().busyNanos()).isLessThanOrEqualTo(wall);
        });

    assertThat(recorder.span("shared").enterThreads()).hasSize(2);
    assertThat(recorder.span("shared").busyNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
  }

  @Test
  void aSpanRecordsTheNameItsThreadHadWhenTheSpanStartedEvenAfterARename() {
    Thread thread = Thread.currentThread();
    String original = thread.getName();
    SpanData[] spans = new SpanData[3];
    try {
      Dispatch.withDefault(
          recorder,
          () -> {
            thread.setName("before-rename");
            spans[0] = TRACER.infoSpan("first").start().data();
            spans[1] = TRACER.infoSpan("second").start().data();
            thread.setName("after-rename");
            spans[2] = TRACER.infoSpan("third").start().data();
          });
    } finally {
      thread.setName(original);
    }

    assertThat(spans[0].threadName()).isEqualTo("before-rename");
    assertThat(spans[1].threadName()).isEqualTo("before-rename");
    assertThat(spans[2].threadName()).isEqualTo("after-rename");
    for (SpanData span : spans) {
      assertThat(span.threadId()).isEqualTo(thread.getId());
    }
  }

  @Test
  void aSpansStartTimeReadsTheSameEveryTimeAndMatchesItsMonotonicStart() throws Exception {
    SpanData[] span = new SpanData[1];
    Dispatch.withDefault(recorder, () -> span[0] = TRACER.infoSpan("timed").start().data());
    long first = span[0].startEpochNanos();
    TimeUnit.MILLISECONDS.sleep(2);

    assertThat(span[0].startEpochNanos()).isEqualTo(first);
    SpanData child = childOf(span[0]);
    // A child shares its parent's anchor, so the two starts differ exactly by the monotonic gap.
    assertThat(child.startEpochNanos() - first)
        .isEqualTo(child.startNanoTime() - span[0].startNanoTime())
        .isPositive();
  }

  private SpanData childOf(SpanData parent) {
    SpanData[] child = new SpanData[1];
    Dispatch.withDefault(
        recorder, () -> child[0] = TRACER.infoSpan("child").parent((Span) parent).start().data());
    return child[0];
  }
}
