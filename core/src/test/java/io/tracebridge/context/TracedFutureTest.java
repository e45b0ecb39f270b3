package io.tracebridge.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.Dispatch;
import io.tracebridge.Span;
import io.tracebridge.TestThreads;
import io.tracebridge.Tracer;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracedFutureTest {
  private static final Tracer TRACER = Tracer.forClass(TracedFutureTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void everyStageOfTheChainRunsInTheSpanWhicheverThreadRunsIt() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("checkout").field("user_id", 7).start();
          CompletableFuture<Void> done =
              TracedFuture.supplyAsync(span, () -> stage("load", 2), pool)
                  .thenApplyAsync(n -> stage("price", n * 10), pool)
                  .thenCompose(n -> CompletableFuture.supplyAsync(() -> n + 1, pool))
                  .thenAccept(n -> TRACER.atInfo().field("total", n).log("priced"));
          join(done);
          span.close();
        });

    assertThat(recorder.events())
        .extracting(e -> e.message())
        .containsExactly("load", "price", "priced");
    assertThat(recorder.events())
        .allSatisfy(e -> assertThat(e.spanPath()).containsExactly("checkout"));
    assertThat(recorder.event("priced").field("total")).isEqualTo(21L);
  }

  @Test
  void theMinimalCompletionStageAndEveryStageDerivedFromItRunInTheSpan() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("checkout").start();
          TracedFuture<Integer> root = TracedFuture.create(span);
          java.util.concurrent.CompletionStage<Integer> minimal = root.minimalCompletionStage();
          CompletableFuture<Void> done =
              minimal
                  .thenApplyAsync(n -> stage("async", n), pool)
                  .thenCombine(CompletableFuture.completedFuture(1), Integer::sum)
                  .thenAccept(n -> stage("combined", n))
                  .toCompletableFuture();
          assertThat((Object) minimal).isNotInstanceOf(CompletableFuture.class);
          pool.execute(() -> root.complete(4));
          join(done);
          span.close();
        });

    assertThat(recorder.events()).extracting(e -> e.message()).containsExactly("async", "combined");
    assertThat(recorder.events())
        .allSatisfy(e -> assertThat(e.spanPath()).containsExactly("checkout"));
  }

  @Test
  void derivedStagesAreTracedFuturesToo() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("s").start();
          TracedFuture<Integer> root = TracedFuture.create(span);
          assertThat(root.thenApply(x -> x)).isInstanceOf(TracedFuture.class);
          assertThat(root.exceptionally(t -> 0)).isInstanceOf(TracedFuture.class);
          assertThat(root.handle((v, t) -> v)).isInstanceOf(TracedFuture.class);
          span.close();
        });
  }

  @Test
  void exceptionallyRunsInTheSpanAndCloseSpanWhenCompleteRecordsTheError() {
    IllegalStateException failure = new IllegalStateException("inventory down");
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("reserve").start();
          TracedFuture<Integer> future =
              TracedFuture.<Integer>supplyAsync(
                  span,
                  () -> {
                    throw failure;
                  },
                  pool);
          future.closeSpanWhenComplete();
          CompletableFuture<Integer> recovered =
              future.exceptionally(
                  t -> {
                    TRACER.warn("recovering");
                    return -1;
                  });
          assertThat(join(recovered)).isEqualTo(-1);
          assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .hasCause(failure);
        });

    assertThat(recorder.event("recovering").spanPath()).containsExactly("reserve");
    // closeSpanWhenComplete's callback runs on the pool thread, maybe after get() has returned
    // here.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!recorder.span("reserve").isClosed() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(recorder.span("reserve").field("error")).isSameAs(failure);
    assertThat(recorder.span("reserve").isClosed()).isTrue();
  }

  @Test
  void theSpanIsIdleWhileTheChainWaitsBetweenStages() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("suspended").start();
          TracedFuture<String> gate = TracedFuture.create(span);
          CompletableFuture<String> after = gate.thenApplyAsync(s -> s + "!", pool);
          TestThreads.sleep(50); // the chain is suspended: nothing has the span entered
          gate.complete("go");
          join(after);
          span.close();
        });

    assertThat(recorder.span("suspended").idleNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(recorder.span("suspended").busyNanos())
        .isLessThan(recorder.span("suspended").idleNanos());
  }

  @Test
  void ofFollowsAnExistingStage() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("adopted").start();
          CompletableFuture<String> plain = CompletableFuture.supplyAsync(() -> "x", pool);
          join(
              TracedFuture.of(span, plain)
                  .thenAcceptAsync(x -> TRACER.info("adopted stage"), pool));
          span.close();
        });

    assertThat(recorder.event("adopted stage").spanPath()).containsExactly("adopted");
  }

  private static int stage(String message, int value) {
    TRACER.info(message);
    return value;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
