package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.Dispatch;
import io.tracebridge.Fields;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.Tracer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where events and errors land in OpenTelemetry, and when: late work, code mixing both APIs, errors
 * recorded before the OpenTelemetry span started, and full spans (docs/bridge-mapping.md).
 */
class EventDeliveryTest {
  private static final Tracer TRACER = Tracer.forClass(EventDeliveryTest.class);
  private final OtelFixture otel = new OtelFixture();

  @Test
  void anEventOfWorkThatOutlivedItsSpanIsALogRecordInThatSpansContextAndCounted() {
    otel.run(
        () -> {
          Span send = TRACER.infoSpan("send").start();
          Runnable message = send.wrap(() -> TRACER.info("processed late"));
          send.close();
          message.run();
        });

    SpanData send = otel.span("send");
    assertThat(send.getEvents()).isEmpty();
    LogRecordData record = otel.logs.getFinishedLogRecordItems().get(0);
    assertThat(record.getBodyValue().asString()).isEqualTo("processed late");
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(send.getSpanId());
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(send.getTraceId());
    assertThat(otel.layer.forwardedLateEvents()).isEqualTo(1);
    assertThat(otel.layer.droppedLateEvents()).isZero();
  }

  @Test
  void eventsRacingTheSpansEndLandOnTheSpanOrAsLogRecordsNeverNowhere() throws Exception {
    OtelFixture racing =
        new OtelFixture(
            io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn(),
            b -> b.maxEventsPerSpan(Integer.MAX_VALUE));
    int threads = 4;
    int perThread = 20_000;
    for (int round = 0; round < 20; round++) {
      racing.spans.reset();
      racing.logs.reset();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<Thread> emitters = new java.util.ArrayList<>();
      Span[] span = new Span[1];
      racing.run(() -> span[0] = TRACER.infoSpan("racing").start());
      for (int t = 0; t < threads; t++) {
        Runnable emit =
            span[0].wrap(
                () -> {
                  await(go);
                  for (int i = 0; i < perThread; i++) {
                    TRACER.info("tick");
                  }
                });
        Thread thread = new Thread(emit);
        emitters.add(thread);
        thread.start();
      }
      go.countDown();
      Thread.sleep(1);
      span[0].close();
      for (Thread thread : emitters) {
        thread.join();
      }

      SpanData ended = racing.span("racing");
      long onSpan = ended.getTotalRecordedEvents();
      long asLogs = racing.logs.getFinishedLogRecordItems().size();
      assertThat(onSpan + asLogs).as("round " + round).isEqualTo((long) threads * perThread);
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anEventOfLateWorkIsCountedDroppedWithoutALogsSdk() {
    OpenTelemetry tracesOnly =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return otel.sdk.getTracerProvider();
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    OpenTelemetryLayer layer = OpenTelemetryLayer.builder(tracesOnly).build();
    Dispatch.withDefault(
        layer,
        () -> {
          Span send = TRACER.infoSpan("send").start();
          Runnable message = send.wrap(() -> TRACER.info("nobody can take this"));
          send.close();
          message.run();
        });

    assertThat(layer.droppedLateEvents()).isEqualTo(1);
    assertThat(otel.span("send").getEvents()).isEmpty();
  }

  @Test
  void anEventUnderAPlainOpenTelemetrySpanIsAnEventOfThatSpan() {
    otel.run(
        () -> {
          io.opentelemetry.api.trace.Span raw =
              otel.sdk.getTracer("raw").spanBuilder("raw_handler").startSpan();
          try (Scope s = raw.makeCurrent()) {
            TRACER.atWarn().field("attempt", 2).log("retrying");
          } finally {
            raw.end();
          }
          TRACER.info("outside every span");
        });

    SpanData raw = otel.span("raw_handler");
    assertThat(raw.getEvents()).extracting(EventData::getName).containsExactly("retrying");
    assertThat(raw.getEvents().get(0).getAttributes().get(AttributeKey.longKey("attempt")))
        .isEqualTo(2L);
    assertThat(otel.logs.getFinishedLogRecordItems())
        .extracting(r -> r.getBodyValue().asString())
        .containsExactly("outside every span");
  }

  @Test
  void anErrorRecordedBeforeTheOpenTelemetrySpanStartedKeepsTheTimeItWasRecorded()
      throws Exception {
    long[] recordedAt = new long[2];
    otel.run(
        () -> {
          Span span = TRACER.infoSpan("lazy").start(); // not entered: the OTel span starts at close
          sleep(5);
          recordedAt[0] = nowNanos();
          span.recordError(new IllegalStateException("early"));
          recordedAt[1] = nowNanos();
          sleep(10);
          span.close();
        });

    SpanData lazy = otel.span("lazy");
    long eventAt = lazy.getEvents().get(0).getEpochNanos();
    assertThat(eventAt).isBetween(lazy.getStartEpochNanos(), lazy.getEndEpochNanos());
    // Within a millisecond of the call (two clocks read the same wall time), not at the close.
    assertThat(eventAt)
        .isBetween(recordedAt[0] - 1_000_000, recordedAt[1] + 1_000_000)
        .isLessThan(lazy.getEndEpochNanos() - 5_000_000);
  }

  @Test
  void anErrorRecordedInAnEnteredSpanIsInsideTheSpan() {
    otel.run(
        () ->
            TRACER
                .infoSpan("entered")
                .run(
                    () -> {
                      sleep(2);
                      Span.current().recordError(new IllegalStateException("inside"));
                      sleep(5);
                    }));

    SpanData entered = otel.span("entered");
    long eventAt = entered.getEvents().get(0).getEpochNanos();
    assertThat(eventAt)
        .isBetween(entered.getStartEpochNanos(), entered.getEndEpochNanos() - 4_000_000);
  }

  @Test
  void busyAndIdleTimesSurviveASpanWhoseFieldsFillTheAttributeLimit() {
    otel.run(
        () -> {
          SpanBuilder builder = TRACER.infoSpan("full");
          for (int i = 0; i < Fields.MAX_FIELDS; i++) {
            builder.field("f" + i, i);
          }
          builder.start().close();
        });

    SpanData full = otel.span("full");
    assertThat(full.getAttributes().get(AttributeKey.longKey("busy_ns"))).isNotNull();
    assertThat(full.getAttributes().get(AttributeKey.longKey("idle_ns"))).isPositive();
    assertThat(full.getTotalAttributeCount()).isGreaterThan(full.getAttributes().size());
  }

  private static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
