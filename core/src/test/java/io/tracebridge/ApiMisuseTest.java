package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tracebridge.subscriber.Filter;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Misuse of the API never throws and never corrupts another span; each outcome here is the one
 * documented in docs/core.md ("Misuse"). Closing twice, entering after close and a layer that
 * throws are covered in SpanLifecycleTest and RegistryTest; a global default set twice in
 * GlobalDefaultTest.
 */
class ApiMisuseTest {
  private static final Tracer TRACER = Tracer.forClass(ApiMisuseTest.class);

  @Test
  void nullFieldNamesAndValuesAreRecordedAsTheTextNullAndNothingElseChanges() {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span =
              TRACER
                  .infoSpan(null)
                  .field(null, 1)
                  .field("text", (String) null)
                  .field("object", (Object) null)
                  .field("kept", 42)
                  .entered()) {
            span.span().record(null, "recorded").record("later", (String) null);
            TRACER.atInfo().field(null, true).error(null).log(null);
          }
        });

    assertThat(recorder.span("null").fields())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "null",
                "recorded",
                "text",
                "null",
                "object",
                "null",
                "kept",
                42L,
                "later",
                "null"));
    assertThat(recorder.event("null").fields())
        .containsEntry("null", true)
        .containsEntry("error", "null");
    assertThat(recorder.event("null").spanPath()).containsExactly("null");
  }

  @Test
  void aScopeClosedOnAnotherThreadExitsOnceAndTheOpeningThreadFallsBackToTheOuterSpan()
      throws Exception {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("outer").entered()) {
            Span inner = TRACER.infoSpan("inner").start();
            Scope scope = inner.enter();
            Thread other = new Thread(scope::close); // misuse: exits on a thread that never entered
            other.start();
            join(other);
            scope.close(); // and once more on the right thread: a no-op

            assertThat(Span.current()).isSameAs(outer.span());
            TRACER.infoSpan("sibling").run(() -> TRACER.info("in sibling"));
            inner.close();
          }
        });

    assertThat(recorder.log()).containsOnlyOnce("exit inner");
    assertThat(recorder.span("sibling").parent().name()).isEqualTo("outer");
    assertThat(recorder.event("in sibling").spanPath()).containsExactly("outer", "sibling");
  }

  @Test
  void closingASpanTwiceAndEnteringItAfterwardsLeavesItsSiblingIntact() {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    Dispatch.withDefault(
        recorder,
        () -> {
          Span first = TRACER.infoSpan("first").field("order", 1).start();
          Span second = TRACER.infoSpan("second").field("order", 2).start();
          first.close();
          first.close();
          try (Scope s = first.enter()) {
            first.record("order", 99);
            TRACER.info("after misuse");
          }
          second.record("status", "ok");
          second.close();
        });

    assertThat(recorder.span("first").fields()).containsExactly(Map.entry("order", 1L));
    assertThat(recorder.span("second").fields())
        .containsExactlyInAnyOrderEntriesOf(Map.of("order", 2L, "status", "ok"));
    assertThat(recorder.event("after misuse").spanPath()).isEmpty();
    assertThat(recorder.log()).containsOnlyOnce("close first");
  }

  @Test
  void aDisabledSpanAcceptsEveryMisuseAsANoOp() {
    Registry infoOnly =
        Registry.builder().with(RecordingSubscriber.create(), Filter.atLeast(Level.INFO)).build();
    assertThatCode(
            () ->
                Dispatch.withDefault(
                    infoOnly,
                    () -> {
                      Span none = TRACER.debugSpan("off").field(null, (Object) null).start();
                      none.close();
                      none.close();
                      none.enter().close();
                      none.record(null, (Object) null);
                      none.followsFrom(null);
                      TRACER.atDebug().parent(null).field(null, 1).log(null);
                    }))
        .doesNotThrowAnyException();
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSnapshotScopeClosedOnAnotherThreadIsIgnoredAndBothThreadsKeepTheirOwnSpans()
      throws Exception {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    String[] seen = new String[3];
    Dispatch.withDefault(
        recorder,
        () -> {
          Span carried = TRACER.infoSpan("carried").start();
          Scope attached = ContextSnapshot.of(carried).attach();
          Thread other =
              new Thread(
                  () ->
                      Dispatch.withDefault(
                          recorder,
                          () -> {
                            try (EnteredSpan own = TRACER.infoSpan("own").entered()) {
                              attached.close();
                              seen[0] = Span.current().data().name();
                            }
                          }));
          other.start();
          TestThreads.join(other);
          seen[1] = Span.current().data().name();
          attached.close();
          seen[2] = Span.current().isNone() ? "none" : Span.current().data().name();
          carried.close();
        });

    assertThat(seen).containsExactly("own", "carried", "none");
  }
}
