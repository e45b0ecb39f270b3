package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.subscriber.Filter;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.testing.RecordingSubscriber;
import org.junit.jupiter.api.Test;

class SpanNestingTest {
  private static final Tracer TRACER = Tracer.forClass(SpanNestingTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  @Test
  void spanStartedInsideAnEnteredSpanBecomesItsChild() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("app-start").entered()) {
            try (EnteredSpan inner =
                TRACER.infoSpan("process_request").field("id", "req-1").entered()) {
              TRACER.info("Processing request");
            }
          }
        });

    assertThat(recorder.span("process_request").path())
        .containsExactly("app-start", "process_request");
    assertThat(recorder.event("Processing request").spanPath())
        .containsExactly("app-start", "process_request");
    assertThat(recorder.log())
        .containsExactly(
            "new app-start",
            "enter app-start",
            "new process_request",
            "enter process_request",
            "event Processing request",
            "exit process_request",
            "close process_request",
            "exit app-start",
            "close app-start");
  }

  @Test
  void explicitParentWinsOverTheCurrentSpan() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span chosen = TRACER.infoSpan("chosen").start();
          try (EnteredSpan current = TRACER.infoSpan("current").entered()) {
            TRACER.infoSpan("child").parent(chosen).start().close();
          }
          chosen.close();
        });

    assertThat(recorder.span("child").path()).containsExactly("chosen", "child");
  }

  @Test
  void rootSpanHasNoParentEvenInsideAnotherSpan() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan current = TRACER.infoSpan("current").entered()) {
            Span root = TRACER.infoSpan("detached").root().start();
            assertThat(root.data().isExplicitRoot()).isTrue();
            root.close();
          }
        });

    assertThat(recorder.span("detached").parentId()).isNull();
  }

  @Test
  void currentSpanIsTheInnermostEnteredOneAndNoneOutsideAll() {
    Dispatch.withDefault(
        recorder,
        () -> {
          assertThat(Span.current().isNone()).isTrue();
          Span outer = TRACER.infoSpan("outer").start();
          try (Scope a = outer.enter()) {
            assertThat(Span.current()).isSameAs(outer);
            Span inner = TRACER.infoSpan("inner").start();
            try (Scope b = inner.enter()) {
              assertThat(Span.current()).isSameAs(inner);
            }
            assertThat(Span.current()).isSameAs(outer);
            inner.close();
          }
          assertThat(Span.current().isNone()).isTrue();
          outer.close();
        });
  }

  @Test
  void disabledSpanIsTransparentSoChildrenAttachToTheEnclosingSpan() {
    Subscriber infoOnly = Registry.builder().with(recorder, Filter.atLeast(Level.INFO)).build();
    Dispatch.withDefault(
        infoOnly,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("request").entered()) {
            try (EnteredSpan hidden = TRACER.debugSpan("cache_lookup").entered()) {
              assertThat(hidden.span().isNone()).isTrue();
              assertThat(Span.current()).isSameAs(outer.span());
              TRACER.infoSpan("db_query").start().close();
              TRACER.info("inside the disabled span");
            }
          }
        });

    assertThat(recorder.spans()).extracting(s -> s.name()).containsExactly("request", "db_query");
    assertThat(recorder.span("db_query").path()).containsExactly("request", "db_query");
    assertThat(recorder.event("inside the disabled span").spanPath()).containsExactly("request");
  }

  @Test
  void noneAsExplicitParentMeansTheCurrentSpan() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            TRACER.infoSpan("child").parent(Span.none()).start().close();
          }
        });

    assertThat(recorder.span("child").path()).containsExactly("outer", "child");
  }

  @Test
  void orCurrentReplacesTheDisabledSpanWithTheCurrentOne() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            assertThat(Span.none().orCurrent()).isSameAs(outer.span());
            assertThat(outer.span().orCurrent()).isSameAs(outer.span());
          }
        });
  }

  @Test
  void inScopeRunsTheActionWithTheSpanCurrentAndRestoresAfterwards() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("scoped").start();
          span.inScope(() -> assertThat(Span.current()).isSameAs(span));
          assertThat(span.inScope(() -> Span.current())).isSameAs(span);
          try {
            assertThat(span.callInScope(() -> Span.current())).isSameAs(span);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          assertThat(Span.current().isNone()).isTrue();
          span.close();
        });

    assertThat(recorder.span("scoped").enterThreads()).hasSize(3);
    assertThat(recorder.span("scoped").exits()).isEqualTo(3);
  }

  @Test
  void spanIdsAreUniqueAndNonZero() {
    Dispatch.withDefault(
        recorder,
        () -> {
          for (int i = 0; i < 100; i++) {
            TRACER.infoSpan("s").start().close();
          }
        });

    assertThat(recorder.spans()).extracting(s -> s.id()).doesNotHaveDuplicates().doesNotContain(0L);
  }

  @Test
  void inSpanRunsTheLambdaInAnInfoSpanAndReturnsItsResult() {
    int result =
        Dispatch.withDefault(
            recorder,
            () ->
                TRACER.inSpan(
                    "compute",
                    () -> {
                      TRACER.info("inside");
                      return 41 + 1;
                    }));
    Dispatch.withDefault(recorder, () -> TRACER.inSpan("side_effect", () -> TRACER.info("ran")));

    assertThat(result).isEqualTo(42);
    assertThat(recorder.span("compute").level()).isEqualTo(Level.INFO);
    assertThat(recorder.span("compute").isClosed()).isTrue();
    assertThat(recorder.event("inside").spanPath()).containsExactly("compute");
    assertThat(recorder.event("ran").spanPath()).containsExactly("side_effect");
  }
}
