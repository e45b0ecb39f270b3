package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.context.Envelope;
import io.tracebridge.context.TracedFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenTelemetry context of every thread agrees with the local stack, whatever the order of
 * closes and threads: the cases in which they used to disagree, written from docs/context.md and
 * the misuse table of docs/core.md.
 */
class ContextIntegrityTest {
  private static final Tracer TRACER = Tracer.forClass(ContextIntegrityTest.class);
  private final OtelFixture otel = new OtelFixture();
  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void shutdown() {
    other.shutdownNow();
  }

  @Test
  void aScopeClosedOnAnotherThreadLeavesTheEnteringThreadInTheOuterSpanInOpenTelemetryToo() {
    SpanContext[] seen = new SpanContext[3];
    otel.run(
        () -> {
          Span outer = TRACER.infoSpan("outer").start();
          Span inner = TRACER.infoSpan("inner").parent(outer).start();
          try (Scope o = outer.enter()) {
            Scope i = inner.enter();
            await(other.submit(i::close));
            TRACER.infoSpan("after").run(() -> {});
            seen[0] = io.opentelemetry.api.trace.Span.current().getSpanContext();
            // OpenTelemetry instrumentation on this thread, after a tracebridge call, sees outer
            // too.
            otel.sdk.getTracer("raw").spanBuilder("raw_after").startSpan().end();
          }
          seen[1] = io.opentelemetry.api.trace.Span.current().getSpanContext();
          inner.close();
          outer.close();
          otel.sdk.getTracer("raw").spanBuilder("raw_outside").startSpan().end();
        });

    SpanData outer = otel.span("outer");
    assertThat(OtelFixture.isChildOf(otel.span("after"), outer)).isTrue();
    assertThat(OtelFixture.isChildOf(otel.span("raw_after"), outer)).isTrue();
    assertThat(seen[0].getSpanId()).isEqualTo(outer.getSpanId());
    assertThat(seen[1].isValid()).as("nothing stale survives the outer span").isFalse();
    assertThat(otel.span("raw_outside").getParentSpanContext().isValid()).isFalse();
    assertThat(otel.recorder.span("after").path()).containsExactly("outer", "after");
  }

  @Test
  void plainOpenTelemetryCodeRightAfterAForeignCloseAlreadySeesTheOuterSpan() {
    Context[] captured = new Context[1];
    String[] seenElsewhere = new String[1];
    otel.run(
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            Span inner = TRACER.infoSpan("inner").start();
            Scope innerScope = inner.enter();
            captured[0] = Context.current(); // taken while inner is entered
            await(other.submit(innerScope::close));
            // No tracebridge call between the foreign close and this.
            otel.sdk.getTracer("raw").spanBuilder("raw_right_after").startSpan().end();
            inner.close();
          }
        });
    await(
        other.submit(
            () -> {
              try (io.opentelemetry.context.Scope s = captured[0].makeCurrent()) {
                seenElsewhere[0] =
                    io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
              }
            }));

    assertThat(OtelFixture.isChildOf(otel.span("raw_right_after"), otel.span("outer"))).isTrue();
    assertThat(seenElsewhere[0])
        .as("a context captured while inner was entered still carries it")
        .isEqualTo(otel.span("inner").getSpanId());
  }

  @Test
  void aContextCapturedInsideASpanAndAttachedLaterOnTheSameThreadStillCarriesTheSpan() {
    otel.run(
        () -> {
          Context captured;
          try (EnteredSpan inside = TRACER.infoSpan("inside").entered()) {
            captured = Context.current(); // what OpenTelemetry's Context.wrap and event loops keep
          }
          try (io.opentelemetry.context.Scope s = captured.makeCurrent()) {
            otel.sdk.getTracer("raw").spanBuilder("raw_callback").startSpan().end();
          }
        });

    assertThat(OtelFixture.isChildOf(otel.span("raw_callback"), otel.span("inside"))).isTrue();
  }

  @Test
  void aSpanEnteredAgainAndExitedOnAnotherThreadLeavesBothItsContextsTrueToIt() {
    Context[] captured = new Context[2];
    String[] seen = new String[3];
    otel.run(
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            Span again = TRACER.infoSpan("again").start();
            try (Scope first = again.enter()) {
              captured[0] = Context.current(); // the first enter's context
            }
            Scope second = again.enter();
            captured[1] = Context.current(); // the second enter's, made while the first is kept
            await(other.submit(second::close));
            // Read right after the foreign close, before any tracebridge call on this thread: the
            // second enter's context reads as what was beneath it, the outer span.
            seen[0] = io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
            TRACER.info("settles the owed exit");
            seen[1] = io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
            try (io.opentelemetry.context.Scope s = captured[0].makeCurrent()) {
              seen[2] = io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId();
              otel.sdk.getTracer("raw").spanBuilder("raw_in_first").startSpan().end();
            }
            again.close();
          }
        });

    String outer = otel.span("outer").getSpanId();
    assertThat(captured[0]).isNotSameAs(captured[1]);
    assertThat(seen[0]).isEqualTo(outer);
    assertThat(seen[1]).isEqualTo(outer);
    assertThat(seen[2])
        .as("the first enter's context still carries the span")
        .isEqualTo(otel.span("again").getSpanId());
    assertThat(OtelFixture.isChildOf(otel.span("raw_in_first"), otel.span("again"))).isTrue();
  }

  @Test
  void anEnteredSpanClosedOnAnotherThreadIsExitedInOpenTelemetryOnTheEnteringThread() {
    boolean[] rootAfter = new boolean[1];
    otel.run(
        () -> {
          EnteredSpan handed = TRACER.infoSpan("handed_over").entered();
          await(other.submit(handed::close));
          TRACER.info("an event settles the owed exit");
          rootAfter[0] = Context.current() == Context.root();
          TRACER.infoSpan("next_root").run(() -> {});
        });

    assertThat(rootAfter[0]).isTrue();
    assertThat(otel.span("next_root").getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void theThreadThatClosedAForeignScopeKeepsItsOwnContext() {
    boolean[] poolRoot = new boolean[1];
    otel.run(
        () -> {
          Scope[] handed = new Scope[1];
          Span foreign = TRACER.infoSpan("foreign").start();
          await(other.submit(() -> handed[0] = foreign.enter()));
          try (EnteredSpan mine = TRACER.infoSpan("mine").entered()) {
            handed[0].close();
            TRACER.infoSpan("mine_child").run(() -> {});
          }
          foreign.close();
          // The pool thread settles the exit it is owed at its next tracebridge call.
          await(
              other.submit(
                  () ->
                      otel.run(
                          () -> {
                            TRACER.infoSpan("later_on_pool").run(() -> {});
                            poolRoot[0] = Context.current() == Context.root();
                          })));
        });

    assertThat(poolRoot[0]).isTrue();
    assertThat(OtelFixture.isChildOf(otel.span("mine_child"), otel.span("mine"))).isTrue();
    assertThat(otel.span("later_on_pool").getParentSpanContext().isValid()).isFalse();
  }

  /** The ways docs/context.md offers to hand a span to later work. */
  enum Carrier {
    SPAN_WRAP((span, work) -> span.wrap(work)),
    ENVELOPE((span, work) -> () -> Envelope.of("message", span).run(m -> work.run())),
    SNAPSHOT((span, work) -> ContextSnapshot.of(span).wrap(work)),
    TRACED_FUTURE(
        (span, work) -> {
          TracedFuture<String> future = TracedFuture.create(span);
          TracedFuture<Void> stage = future.thenAccept(m -> work.run());
          return () -> {
            future.complete("message");
            stage.join();
          };
        });

    final BiFunction<Span, Runnable, Runnable> carry;

    Carrier(BiFunction<Span, Runnable, Runnable> carry) {
      this.carry = carry;
    }
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void workCarryingASpanThatClosedBeforeItRanParentsToThatSpanInOpenTelemetry(Carrier carrier) {
    otel.run(
        () -> {
          Runnable message;
          try (EnteredSpan req = TRACER.infoSpan("req").entered()) {
            Span send = TRACER.infoSpan("send").start();
            message = carrier.carry.apply(send, () -> TRACER.infoSpan("process").run(() -> {}));
            send.close();
          }
          await(other.submit(message));
        });

    assertThat(otel.recorder.span("process").path()).containsExactly("req", "send", "process");
    assertThat(OtelFixture.isChildOf(otel.span("process"), otel.span("send"))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Carrier.class)
  void aClosedCarriedSpanWithNoEnclosingSpanStillParentsTheWorkInOpenTelemetry(Carrier carrier) {
    boolean[] rootAfter = new boolean[1];
    otel.run(
        () -> {
          Span send = TRACER.infoSpan("send").start();
          Runnable message =
              carrier.carry.apply(send, () -> TRACER.infoSpan("process").run(() -> {}));
          send.close();
          await(other.submit(message));
          await(other.submit(() -> rootAfter[0] = Context.current() == Context.root()));
        });

    assertThat(OtelFixture.isChildOf(otel.span("process"), otel.span("send"))).isTrue();
    assertThat(rootAfter[0]).as("the worker ends with the root context").isTrue();
  }

  static void await(java.util.concurrent.Future<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
