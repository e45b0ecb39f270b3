package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.testing.RecordedEvent;
import io.tracebridge.testing.RecordingSubscriber;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Tracer TRACER = Tracer.forClass(EventTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  @Test
  void eventCarriesLevelTargetMessageAndFields() {
    Dispatch.withDefault(
        recorder,
        () ->
            TRACER
                .atWarn()
                .field("user_id", 1001L)
                .field("latency_ms", 50)
                .log("High latency detected"));

    RecordedEvent event = recorder.event("High latency detected");
    assertThat(event.level()).isEqualTo(Level.WARN);
    assertThat(event.target()).isEqualTo(EventTest.class.getName());
    assertThat(event.fields()).containsEntry("user_id", 1001L).containsEntry("latency_ms", 50L);
    assertThat(event.spanId()).isNull();
  }

  @Test
  void eventAttachesToTheCurrentSpan() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("fetch_user").entered()) {
            TRACER.info("Fetching user");
          }
        });

    assertThat(recorder.event("Fetching user").spanId())
        .isEqualTo(recorder.span("fetch_user").id());
    assertThat(recorder.span("fetch_user").events())
        .extracting(RecordedEvent::message)
        .containsExactly("Fetching user");
  }

  @Test
  void eventWithExplicitParentAttachesThereAndRootEventAttachesNowhere() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span elsewhere = TRACER.infoSpan("elsewhere").start();
          try (EnteredSpan current = TRACER.infoSpan("current").entered()) {
            TRACER.atInfo().parent(elsewhere).log("explicit");
            TRACER.atInfo().root().log("rootless");
          }
          elsewhere.close();
        });

    assertThat(recorder.event("explicit").spanPath()).containsExactly("elsewhere");
    assertThat(recorder.event("rootless").spanId()).isNull();
  }

  @Test
  void errorOnAnEventKeepsTheThrowableWithItsCause() {
    IOException cause = new IOException("connection reset");
    IllegalStateException error = new IllegalStateException("fetch failed", cause);
    Dispatch.withDefault(recorder, () -> TRACER.atError().error(error).log("Simulated failure"));

    RecordedEvent event = recorder.event("Simulated failure");
    assertThat(event.error()).isSameAs(error);
    assertThat(event.error().getCause()).isSameAs(cause);
    assertThat(event.error().getStackTrace()).isNotEmpty();
    assertThat(event.field("error")).isSameAs(error);
  }

  @Test
  void shorthandMethodsEmitAtTheirLevel() {
    Dispatch.withDefault(
        recorder,
        () -> {
          TRACER.trace("t");
          TRACER.debug("d");
          TRACER.info("i");
          TRACER.warn("w");
          TRACER.error("e");
        });

    assertThat(recorder.events())
        .extracting(RecordedEvent::level)
        .containsExactly(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
  }

  @Test
  void builderIsSingleUseSoASecondLogEmitsNothing() {
    Dispatch.withDefault(
        recorder,
        () -> {
          EventBuilder builder = TRACER.atInfo().field("n", 1);
          builder.log("first");
          builder.field("n", 2).log("second");
        });

    assertThat(recorder.events()).extracting(RecordedEvent::message).containsExactly("first");
    assertThat(recorder.event("first").fields()).containsEntry("n", 1L);
  }

  @Test
  void nullMessageAndNullStringFieldDoNotThrow() {
    Dispatch.withDefault(recorder, () -> TRACER.atInfo().field("s", (String) null).log(null));

    assertThat(recorder.event("null").fields()).containsEntry("s", "null");
  }
}
