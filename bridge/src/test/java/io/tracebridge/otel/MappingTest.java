package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingTest {
  private static final Tracer TRACER = Tracer.forClass(MappingTest.class);
  private final OtelFixture otel = new OtelFixture();

  @Test
  void spanNameIsTheLocalNameUnlessOtelNameOverridesItEvenWhenRecordedLater() {
    otel.run(
        () -> {
          TRACER.infoSpan("plain").start().close();
          TRACER.infoSpan("local").field("otel.name", "GET /items").start().close();
          try (EnteredSpan s = TRACER.infoSpan("renamed_later").entered()) {
            s.span().record("otel.name", "POST /orders");
          }
        });

    assertThat(otel.finished())
        .extracting(SpanData::getName)
        .containsExactlyInAnyOrder("plain", "GET /items", "POST /orders");
  }

  @Test
  void kindComesFromOtelKindIgnoringCaseAndAnUnknownKindIsInternal() {
    otel.run(
        () -> {
          TRACER.infoSpan("s").field("otel.kind", "SERVER").start().close();
          TRACER.infoSpan("c").field("otel.kind", "client").start().close();
          TRACER.infoSpan("p").field("otel.kind", "Producer").start().close();
          TRACER.infoSpan("q").field("otel.kind", "consumer").start().close();
          TRACER.infoSpan("i").field("otel.kind", "internal").start().close();
          TRACER.infoSpan("u").field("otel.kind", "sideways").start().close();
          TRACER.infoSpan("none").start().close();
        });

    assertThat(otel.span("s").getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(otel.span("c").getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(otel.span("p").getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(otel.span("q").getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(otel.span("i").getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(otel.span("u").getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(otel.span("none").getKind()).isEqualTo(SpanKind.INTERNAL);
  }

  @Test
  void unknownKindIsWarnedAboutOnceNamingTheValue() {
    List<java.util.logging.LogRecord> warnings =
        otel.runLogged(
            () -> {
              for (int i = 0; i < 5; i++) {
                TRACER.infoSpan("u").field("otel.kind", "sideways").start().close();
              }
            });

    assertThat(warnings)
        .singleElement()
        .satisfies(r -> assertThat(r.getMessage()).contains("'sideways'"));
  }

  @Test
  void statusComesFromOtelStatusCodeAndDescription() {
    otel.run(
        () -> {
          TRACER.infoSpan("ok").field("otel.status_code", "OK").start().close();
          TRACER
              .infoSpan("err")
              .field("otel.status_code", "error")
              .field("otel.status_description", "quota exceeded")
              .start()
              .close();
          TRACER.infoSpan("unset").start().close();
        });

    assertThat(otel.span("ok").getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(otel.span("err").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.span("err").getStatus().getDescription()).isEqualTo("quota exceeded");
    assertThat(otel.span("unset").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void errorLevelEventSetsErrorStatusUnlessTheStatusWasSetExplicitly() {
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("implicit").entered()) {
            TRACER.error("boom");
          }
          try (EnteredSpan s =
              TRACER.infoSpan("explicit").field("otel.status_code", "ok").entered()) {
            TRACER.error("handled boom");
          }
          try (EnteredSpan s = TRACER.infoSpan("warn_only").entered()) {
            TRACER.warn("just a warning");
          }
        });

    assertThat(otel.span("implicit").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(otel.span("implicit").getStatus().getDescription()).isEqualTo("boom");
    assertThat(otel.span("explicit").getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(otel.span("warn_only").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void throwableRecordedOnTheSpanBecomesAnExceptionEventWithTheRealStackTraceAndErrorStatus() {
    IOException error = new IOException("disk full");
    otel.run(
        () -> {
          Span span = TRACER.infoSpan("write").start();
          span.recordError(error);
          span.close();
        });

    SpanData write = otel.span("write");
    assertThat(write.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(write.getStatus().getDescription()).isEqualTo("disk full");
    EventData exception = write.getEvents().get(0);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.io.IOException");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("disk full");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .startsWith("java.io.IOException: disk full")
        .contains("at io.tracebridge.otel.MappingTest.");
    assertThat(write.getAttributes().get(AttributeKey.stringKey("error"))).isNull();
  }

  @Test
  void throwableOnAnEventBecomesAnExceptionEventCarryingTheEventsContext() {
    IllegalStateException error = new IllegalStateException("no stock");
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("reserve").entered()) {
            TRACER.atWarn().field("sku", "A-1").error(error).log("reservation failed");
          }
        });

    SpanData reserve = otel.span("reserve");
    assertThat(reserve.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(reserve.getEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("exception");
              assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.type")))
                  .isEqualTo("java.lang.IllegalStateException");
              assertThat(e.getAttributes().get(AttributeKey.stringKey("message")))
                  .isEqualTo("reservation failed");
              assertThat(e.getAttributes().get(AttributeKey.stringKey("sku"))).isEqualTo("A-1");
              assertThat(e.getAttributes().get(AttributeKey.stringKey("level"))).isEqualTo("WARN");
            });
  }

  @Test
  void fieldsBecomeAttributesWithNativeTypesAndIntegersAreNeverText() {
    otel.run(
        () -> {
          Span span =
              TRACER
                  .infoSpan("typed")
                  .field("count", 42)
                  .field("ratio", 0.25)
                  .field("ok", true)
                  .field("name", "x")
                  .field("ids", new long[] {1, 2})
                  .field("weights", new double[] {0.5})
                  .field("flags", new boolean[] {true})
                  .field("tags", new String[] {"a", "b"})
                  .start();
          span.record("later", 7L);
          span.close();
        });

    var attributes = otel.span("typed").getAttributes();
    assertThat(attributes.get(AttributeKey.longKey("count"))).isEqualTo(42L);
    assertThat(attributes.get(AttributeKey.stringKey("count"))).isNull();
    assertThat(attributes.get(AttributeKey.doubleKey("ratio"))).isEqualTo(0.25);
    assertThat(attributes.get(AttributeKey.booleanKey("ok"))).isTrue();
    assertThat(attributes.get(AttributeKey.stringKey("name"))).isEqualTo("x");
    assertThat(attributes.get(AttributeKey.longArrayKey("ids"))).containsExactly(1L, 2L);
    assertThat(attributes.get(AttributeKey.doubleArrayKey("weights"))).containsExactly(0.5);
    assertThat(attributes.get(AttributeKey.booleanArrayKey("flags"))).containsExactly(true);
    assertThat(attributes.get(AttributeKey.stringArrayKey("tags"))).containsExactly("a", "b");
    assertThat(attributes.get(AttributeKey.longKey("later"))).isEqualTo(7L);
  }

  @Test
  void otelFieldsAreNotAttributesButOtherLayersStillSeeThem() {
    otel.run(
        () ->
            TRACER
                .infoSpan("handler")
                .field("otel.kind", "server")
                .field("otel.name", "GET /")
                .field("otel.custom", "x")
                .start()
                .close());

    SpanData exported = otel.span("GET /");
    assertThat(exported.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .noneMatch(k -> k.startsWith("otel."));
    assertThat(otel.recorder.span("handler").fields())
        .containsEntry("otel.kind", "server")
        .containsEntry("otel.name", "GET /")
        .containsEntry("otel.custom", "x");
  }

  @Test
  void eventsBecomeSpanEventsNamedByTheMessageWithLevelTargetAndTypedFields() {
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("fetch").entered()) {
            TRACER.atInfo().field("user_id", 1001).field("cached", false).log("Fetching user");
            TRACER.atDebug().field("bytes", 512).log();
          }
        });

    List<EventData> events = otel.span("fetch").getEvents();
    assertThat(events).extracting(EventData::getName).containsExactly("Fetching user", "event");
    var first = events.get(0).getAttributes();
    assertThat(first.get(AttributeKey.stringKey("level"))).isEqualTo("INFO");
    assertThat(first.get(AttributeKey.stringKey("target"))).isEqualTo(MappingTest.class.getName());
    assertThat(first.get(AttributeKey.longKey("user_id"))).isEqualTo(1001L);
    assertThat(first.get(AttributeKey.booleanKey("cached"))).isFalse();
  }

  @Test
  void followsFromBecomesALinkEvenToASpanThatAlreadyClosed() {
    otel.run(
        () -> {
          Span cause = TRACER.infoSpan("enqueue").start();
          cause.close();
          Span effect = TRACER.infoSpan("dequeue").root().start();
          effect.followsFrom(cause);
          effect.close();
          Span batch = TRACER.infoSpan("batch").followsFrom(cause).start();
          batch.close();
        });

    SpanData enqueue = otel.span("enqueue");
    assertThat(otel.span("dequeue").getLinks())
        .singleElement()
        .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(enqueue.getSpanId()));
    assertThat(otel.span("batch").getLinks())
        .singleElement()
        .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(enqueue.getSpanId()));
  }

  @Test
  void theStartIsTheLocalSpansAndTheEndAtMostTheClockGapLaterThanTheLocalEnd() {
    long[] local = new long[2];
    otel.run(
        () -> {
          Span span = TRACER.infoSpan("timed").start();
          span.inScope(() -> sleep(20));
          span.close();
          local[0] = span.data().startEpochNanos();
          local[1] = span.data().busyNanos() + span.data().idleNanos();
        });

    SpanData timed = otel.span("timed");
    assertThat(timed.getStartEpochNanos()).isEqualTo(local[0]);
    // A root's end is the later of its local end and the SDK's own clock (docs/bridge-mapping.md,
    // Clocks), which differ by microseconds.
    assertThat(timed.getEndEpochNanos() - timed.getStartEpochNanos())
        .isBetween(local[1], local[1] + OtelSpanState.MAX_CLOCK_GAP_NANOS);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
