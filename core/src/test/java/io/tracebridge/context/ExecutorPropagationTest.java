package io.tracebridge.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.testfixtures.LogCapture;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorPropagationTest {
  private static final Tracer TRACER = Tracer.forClass(ExecutorPropagationTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void shutdown() {
    pool.shutdownNow();
  }

  @Test
  void taskSubmittedWithoutWrappingLosesTheSpan() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("request").entered()) {
            AtomicReference<Span> seen = new AtomicReference<>();
            await(pool.submit(() -> seen.set(Span.current())));
            assertThat(seen.get().isNone()).isTrue();
          }
        });
  }

  @Test
  void wrappedRunnableRunsInTheSpanOnAnotherThread() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("request").entered()) {
            await(pool.submit(span.span().wrap(() -> TRACER.info("on the pool"))));
          }
        });

    assertThat(recorder.event("on the pool").spanPath()).containsExactly("request");
    assertThat(recorder.event("on the pool").threadName()).startsWith("pool-");
  }

  @Test
  void wrappedExecutorServiceCapturesContextAtSubmissionNotAtExecution() throws Exception {
    ExecutorService traced = TracingExecutors.wrap(pool);
    Dispatch.withDefault(
        recorder,
        () -> {
          Future<?> first;
          try (EnteredSpan a = TRACER.infoSpan("a").entered()) {
            first = traced.submit(() -> TRACER.info("task of a"));
          }
          try (EnteredSpan b = TRACER.infoSpan("b").entered()) {
            await(traced.submit(() -> TRACER.info("task of b")));
            await(first);
            Callable<String> call = () -> Span.current().data().name();
            assertThat(await(traced.submit(call))).isEqualTo("b");
          }
        });

    assertThat(recorder.event("task of a").spanPath()).containsExactly("a");
    assertThat(recorder.event("task of b").spanPath()).containsExactly("b");
  }

  @Test
  void wrappedPlainExecutorRunsTasksInTheSpanOfTheirExecuteCall() throws Exception {
    java.util.concurrent.Executor traced =
        TracingExecutors.wrap((java.util.concurrent.Executor) pool);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("executor").entered()) {
            traced.execute(
                () -> {
                  TRACER.info("executed");
                  done.countDown();
                });
          }
          await(done);
        });

    assertThat(recorder.event("executed").spanPath()).containsExactly("executor");
  }

  @Test
  void invokeAllRunsEveryTaskInTheSubmittersSpan() throws Exception {
    ExecutorService traced = TracingExecutors.wrap(pool);
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("fan_out").entered()) {
            Callable<String> task = () -> Span.current().data().name();
            List<Future<String>> results;
            try {
              results = traced.invokeAll(List.of(task, task, task));
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            for (Future<String> f : results) {
              assertThat(await(f)).isEqualTo("fan_out");
            }
          }
        });
  }

  @Test
  void scheduledTasksRunInTheSpanOfTheirScheduling() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ScheduledExecutorService traced = TracingExecutors.wrap(scheduler);
    try {
      Dispatch.withDefault(
          recorder,
          () -> {
            try (EnteredSpan span = TRACER.infoSpan("scheduler").entered()) {
              await(traced.schedule(() -> TRACER.info("later"), 10, TimeUnit.MILLISECONDS));
            }
          });
    } finally {
      scheduler.shutdownNow();
    }

    assertThat(recorder.event("later").spanPath()).containsExactly("scheduler");
  }

  @Test
  void poolThreadHasNoSpanCurrentAfterATaskThatLeakedAScope() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    ExecutorService traced = TracingExecutors.wrap(single);
    try {
      Dispatch.withDefault(
          recorder,
          () -> {
            try (EnteredSpan span = TRACER.infoSpan("request").entered()) {
              await(
                  traced.submit(
                      () -> {
                        Span leaked = TRACER.infoSpan("leaky").start();
                        leaked.enter(); // never closed by the task
                      }));
            }
          });
      AtomicReference<Span> after = new AtomicReference<>();
      await(single.submit(() -> after.set(Span.current())));
      assertThat(after.get().isNone()).isTrue();
    } finally {
      single.shutdownNow();
    }

    assertThat(recorder.span("leaky").exits()).isEqualTo(1);
  }

  @Test
  void poolThreadsNeverKeepASpanCurrentAfterManyTracedTasks() throws Exception {
    ExecutorService traced = TracingExecutors.wrap(pool);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(50);
    Dispatch.withDefault(
        recorder,
        () -> {
          for (int i = 0; i < 50; i++) {
            try (EnteredSpan span = TRACER.infoSpan("request").field("i", i).entered()) {
              traced.execute(
                  () -> {
                    TRACER.infoSpan("child").run(() -> {});
                    done.countDown();
                  });
            }
          }
          await(done);
        });
    for (int i = 0; i < 4; i++) {
      AtomicReference<Span> after = new AtomicReference<>();
      await(pool.submit(() -> after.set(Span.current())));
      assertThat(after.get().isNone()).isTrue();
    }

    assertThat(recorder.spans("child"))
        .hasSize(50)
        .allSatisfy(child -> assertThat(child.path()).containsExactly("request", "child"));
  }

  @Test
  void taskThatRunsAfterItsSpanClosedStillParentsItsChildrenToIt() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    try {
      Dispatch.withDefault(
          recorder,
          () -> {
            single.execute(() -> await(gate));
            Future<?> late;
            try (EnteredSpan span = TRACER.infoSpan("fire_and_forget").entered()) {
              late =
                  TracingExecutors.wrap(single)
                      .submit(() -> TRACER.infoSpan("late_child").run(() -> {}));
            }
            gate.countDown();
            await(late);
          });
    } finally {
      single.shutdownNow();
    }

    assertThat(recorder.span("fire_and_forget").isClosed()).isTrue();
    assertThat(recorder.span("late_child").path()).containsExactly("fire_and_forget", "late_child");
    // The late work's enter is announced too (so layers make the span's context current there),
    // on the pool thread, with its exit.
    assertThat(recorder.span("fire_and_forget").enterThreads()).hasSize(2).contains("main");
    assertThat(recorder.span("fire_and_forget").exits()).isEqualTo(2);
  }

  @Test
  void contextSnapshotCarriesTheScopedSubscriberToThePoolThread() throws Exception {
    Dispatch.withDefault(
        recorder,
        () ->
            await(
                pool.submit(ContextSnapshot.capture().wrap(() -> TRACER.info("scoped on pool")))));

    assertThat(recorder.events()).extracting(e -> e.message()).containsExactly("scoped on pool");
  }

  @Test
  void attachHidesSpansThatWereCurrentAndRestoresThemAfterwards() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            try (Scope s = ContextSnapshot.empty().attach()) {
              assertThat(Span.current().isNone()).isTrue();
            }
            assertThat(Span.current()).isSameAs(outer.span());
          }
        });
  }

  @Test
  void participantStateIsCapturedAndRestoredAroundTheTask() throws Exception {
    ThreadLocal<String> tenant = new ThreadLocal<>();
    ContextSnapshot.Participant participant = carrying(tenant);
    ContextSnapshot.register(participant);
    try {
      tenant.set("acme");
      Runnable task =
          ContextSnapshot.capture()
              .wrap(
                  () -> {
                    assertThat(tenant.get()).isEqualTo("acme");
                  });
      tenant.remove();
      await(pool.submit(task));
      AtomicReference<String> after = new AtomicReference<>("unset");
      await(pool.submit(() -> after.set(tenant.get())));
      assertThat(after.get()).isNull();
    } finally {
      ContextSnapshot.unregister(participant);
      tenant.remove();
    }
  }

  @Test
  void aParticipantThatThrowsLosesOnlyItsOwnContextAndIsCountedAndReportedOnce() throws Exception {
    ThreadLocal<String> tenant = new ThreadLocal<>();
    ContextSnapshot.Participant good = carrying(tenant);
    ContextSnapshot.Participant failsToCapture = new FailsToCapture();
    ContextSnapshot.Participant failsToRestore = new FailsToRestore();
    ContextSnapshot.Participant scopeFailsToClose = new ScopeFailsToClose();
    List<ContextSnapshot.Participant> participants =
        List.of(failsToCapture, good, failsToRestore, scopeFailsToClose);
    participants.forEach(ContextSnapshot::register);
    long before = ContextSnapshot.participantFailureCount();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    List<LogRecord> warnings;
    try {
      tenant.set("acme");
      warnings =
          LogCapture.capture(
              ContextSnapshot.class.getName(),
              () ->
                  Dispatch.withDefault(
                      recorder,
                      () -> {
                        try (EnteredSpan span = TRACER.infoSpan("carried").entered()) {
                          Runnable task =
                              ContextSnapshot.capture()
                                  .wrap(
                                      () -> {
                                        seen.add(Span.current().data().name() + "/" + tenant.get());
                                        TRACER.info("in the task");
                                      });
                          await(pool.submit(task));
                          await(pool.submit(task));
                        }
                      }));
    } finally {
      participants.forEach(ContextSnapshot::unregister);
      tenant.remove();
    }

    // The span and the good participant's state were carried both times.
    assertThat(seen).containsExactly("carried/acme", "carried/acme");
    assertThat(recorder.events()).filteredOn(e -> e.message().equals("in the task")).hasSize(2);
    // One capture failure, then a restore and a close failure per run.
    assertThat(ContextSnapshot.participantFailureCount() - before).isEqualTo(1 + 2 + 2);
    assertThat(warnings)
        .extracting(LogRecord::getMessage)
        .filteredOn(m -> m.startsWith("a context participant threw"))
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("FailsToCapture").contains("capturing"))
        .anySatisfy(m -> assertThat(m).contains("FailsToRestore").contains("restoring"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("(ScopeFailsToClose)")
                    .contains("closing")
                    .contains(ScopeFailsToClose.class.getName() + " are counted"));
    assertThat(warnings).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
  }

  /** A participant that carries {@code tenant}'s value to the task and restores it afterwards. */
  private static ContextSnapshot.Participant carrying(ThreadLocal<String> tenant) {
    return new ContextSnapshot.Participant() {
      @Override
      public Object capture() {
        return tenant.get();
      }

      @Override
      public Scope restore(Object state) {
        String previous = tenant.get();
        tenant.set((String) state);
        return () -> tenant.set(previous);
      }
    };
  }

  private static final class FailsToCapture implements ContextSnapshot.Participant {
    @Override
    public Object capture() {
      throw new IllegalStateException("capture");
    }

    @Override
    public Scope restore(Object state) {
      return Scope.NOOP;
    }

    @Override
    public String toString() {
      return "FailsToCapture";
    }
  }

  private static final class FailsToRestore implements ContextSnapshot.Participant {
    @Override
    public Object capture() {
      return "state";
    }

    @Override
    public Scope restore(Object state) {
      throw new IllegalStateException("restore");
    }

    @Override
    public String toString() {
      return "FailsToRestore";
    }
  }

  private static final class ScopeFailsToClose implements ContextSnapshot.Participant {
    @Override
    public Object capture() {
      return "state";
    }

    @Override
    public Scope restore(Object state) {
      return () -> {
        throw new IllegalStateException("close");
      };
    }

    @Override
    public String toString() {
      return "ScopeFailsToClose";
    }
  }

  static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static <T> T await(Future<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
