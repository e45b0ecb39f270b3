package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.context.TracedQueue;
import io.tracebridge.context.TracingExecutors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CrossThreadTest {
  private static final Tracer TRACER = Tracer.forClass(CrossThreadTest.class);
  private final OtelFixture otel = new OtelFixture();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void spanCreatedOnAWorkerOfAWrappedExecutorHasTheSubmittersOtelSpanAsParent() {
    ExecutorService traced = TracingExecutors.wrap(pool);
    otel.run(
        () -> {
          try (EnteredSpan request = TRACER.infoSpan("request").entered()) {
            await(
                traced.submit(
                    () -> {
                      TRACER.infoSpan("worker_step").run(() -> {});
                      // OpenTelemetry code on the worker sees the carried context too
                      otel.sdk.getTracer("direct").spanBuilder("otel_on_worker").startSpan().end();
                    }));
          }
        });

    assertThat(OtelFixture.isChildOf(otel.span("worker_step"), otel.span("request"))).isTrue();
    assertThat(OtelFixture.isChildOf(otel.span("otel_on_worker"), otel.span("request"))).isTrue();
  }

  @Test
  void tracedFutureStagesOnOtherThreadsParentToTheFuturesSpan() {
    otel.run(
        () -> {
          Span checkout = TRACER.infoSpan("checkout").start();
          TracedFuture.supplyAsync(checkout, () -> 1, pool)
              .thenApplyAsync(n -> TRACER.infoSpan("price").get(() -> n + 1), pool)
              .toCompletableFuture()
              .join();
          checkout.close();
        });

    assertThat(OtelFixture.isChildOf(otel.span("price"), otel.span("checkout"))).isTrue();
  }

  @Test
  void workerFedThroughATracedQueueParentsToTheProducersSpan() throws Exception {
    TracedQueue<String> queue = TracedQueue.create(4);
    otel.run(
        () -> {
          try (EnteredSpan produce = TRACER.infoSpan("produce").entered()) {
            try {
              queue.put("job");
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
          await(
              pool.submit(
                  () -> {
                    queue.takeAndRun(
                        job -> TRACER.infoSpan("consume").field("job", job).run(() -> {}));
                    return null;
                  }));
        });

    assertThat(OtelFixture.isChildOf(otel.span("consume"), otel.span("produce"))).isTrue();
  }

  @Test
  void baggageMadeCurrentInsideALocalSpanCrossesThreadsWithThatSpan() {
    ExecutorService traced = TracingExecutors.wrap(pool);
    String[] seen = new String[2];
    otel.run(
        () -> {
          try (EnteredSpan request = TRACER.infoSpan("request").entered();
              io.opentelemetry.context.Scope bag =
                  io.opentelemetry.api.baggage.Baggage.builder()
                      .put("tenant", "acme")
                      .build()
                      .makeCurrent()) {
            await(
                traced.submit(
                    () -> {
                      seen[0] =
                          io.opentelemetry.api.baggage.Baggage.current().getEntryValue("tenant");
                      seen[1] =
                          io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
                    }));
          }
        });

    assertThat(seen[0]).isEqualTo("acme");
    assertThat(seen[1]).isEqualTo(otel.span("request").getSpanId());
  }

  @Test
  void otelOnlyContextIsCarriedByTheCoreHelpersToo() {
    otel.run(
        () -> {
          io.opentelemetry.api.trace.Span server =
              otel.sdk.getTracer("direct").spanBuilder("otel_handler").startSpan();
          try (io.opentelemetry.context.Scope s = server.makeCurrent()) {
            Runnable task =
                ContextSnapshot.capture().wrap(() -> TRACER.infoSpan("async_local").run(() -> {}));
            await(pool.submit(task));
          } finally {
            server.end();
          }
        });

    assertThat(OtelFixture.isChildOf(otel.span("async_local"), otel.span("otel_handler"))).isTrue();
  }

  @Test
  void aSpanEnteredUnderAnOtelContextCarriedFromAnotherThreadLeavesBothThreadsClean() {
    // OpenTelemetry's own executor wrapping (as its Java agent does) carries the context made
    // current for a local span, which the worker then enters a local span under.
    ExecutorService otelWrapped = Context.taskWrapping(pool);
    int[] depthOnWorker = new int[1];
    Context[] workerAfter = new Context[1];
    otel.run(
        () -> {
          try (EnteredSpan request = TRACER.infoSpan("request").entered()) {
            await(
                otelWrapped.submit(
                    () ->
                        otel.run(
                            () ->
                                TRACER
                                    .infoSpan("worker_step")
                                    .run(() -> depthOnWorker[0] = ThreadScopes.depth()))));
            assertThat(ThreadScopes.depth()).isEqualTo(1); // only the request, on this thread
          }
          assertThat(Context.current()).isSameAs(Context.root());
          assertThat(ThreadScopes.depth()).isZero();
          workerAfter[0] = await(pool.submit(Context::current));
        });

    assertThat(OtelFixture.isChildOf(otel.span("worker_step"), otel.span("request"))).isTrue();
    assertThat(depthOnWorker[0]).isEqualTo(1);
    assertThat(workerAfter[0]).isSameAs(Context.root());
  }

  @Test
  void poolThreadsHaveNoOtelContextLeftAfterTracedTasks() {
    ExecutorService single = Executors.newSingleThreadExecutor();
    ExecutorService traced = TracingExecutors.wrap(single);
    try {
      otel.run(
          () -> {
            try (EnteredSpan request = TRACER.infoSpan("request").entered()) {
              await(traced.submit(() -> TRACER.infoSpan("step").start().enter())); // leaks a scope
            }
          });
      Context after = await(single.submit(Context::current));
      assertThat(after).isSameAs(Context.root());
    } finally {
      single.shutdownNow();
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aWorkerStillInsideASpanWhenItClosesIsLeftWithNoContextAfterItsTask() throws Exception {
    java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    otel.run(
        () -> {
          Span request = TRACER.infoSpan("request").start();
          ContextSnapshot snapshot = ContextSnapshot.of(request);
          Future<?> task =
              pool.submit(
                  () -> {
                    try (io.tracebridge.Scope s = snapshot.attach()) {
                      attached.countDown();
                      closed.await(
                          5,
                          TimeUnit.SECONDS); // the span closes while this task is still inside it
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          try {
            attached.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          request.close();
          closed.countDown();
          await(task);
        });

    for (int i = 0; i < 4; i++) { // both pool threads: whichever ran the task holds nothing
      assertThat(pool.submit(Context::current).get(5, TimeUnit.SECONDS)).isSameAs(Context.root());
      assertThat(pool.submit(Span::current).get(5, TimeUnit.SECONDS).isNone()).isTrue();
      assertThat(pool.submit(ThreadScopes::depth).get(5, TimeUnit.SECONDS)).isZero();
    }
  }
}
