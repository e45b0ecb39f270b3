package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.EnteredSpan;
import io.tracebridge.SlewingWallClock;
import io.tracebridge.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Plain OpenTelemetry spans and tracebridge spans nested in each other, in both directions, never
 * overlap their parents because of the two libraries' clocks: every child starts at or after its
 * parent's start and ends at or before its parent's end, and every event lies inside its span.
 */
class ClockContainmentTest {
  private static final io.tracebridge.Tracer LOCAL =
      io.tracebridge.Tracer.forClass(ClockContainmentTest.class);
  private static final int ROUNDS = 300;
  private final OtelFixture otel = new OtelFixture();
  private final Tracer raw = otel.sdk.getTracer("raw");

  @Test
  void aTracebridgeSpanUnderAPlainOpenTelemetrySpanStaysInsideIt() {
    otel.run(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            io.opentelemetry.api.trace.Span outer = raw.spanBuilder("raw_outer").startSpan();
            try (Scope s = outer.makeCurrent()) {
              try (EnteredSpan local = LOCAL.infoSpan("local_child").entered()) {
                LOCAL.info("inside local");
                raw.spanBuilder("raw_grandchild").startSpan().end();
              }
              Span lazy = LOCAL.infoSpan("lazy_child").start(); // its OTel span starts at close
              lazy.close();
            } finally {
              outer.end();
            }
          }
        });

    assertContained(ROUNDS * 4);
  }

  @Test
  void aPlainOpenTelemetrySpanUnderATracebridgeSpanStaysInsideIt() {
    otel.run(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            try (EnteredSpan root = LOCAL.infoSpan("local_root").entered()) {
              io.opentelemetry.api.trace.Span child = raw.spanBuilder("raw_child").startSpan();
              try (Scope s = child.makeCurrent()) {
                LOCAL.infoSpan("local_grandchild").run(() -> LOCAL.info("deep"));
              } finally {
                child.end();
              }
            }
          }
        });

    assertContained(ROUNDS * 3);
  }

  @Test
  void aRootWhoseOpenTelemetrySpanStartsLateStillContainsChildrenStartedBeforeIt() {
    otel.run(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            Span root = LOCAL.infoSpan("late_root").start();
            // The child's start makes the root's OTel span start, after the child's local start.
            Span child = LOCAL.infoSpan("early_child").parent(root).start();
            try (io.tracebridge.Scope s = child.enter()) {
              raw.spanBuilder("raw_in_child").startSpan().end();
            }
            child.close();
            try (io.tracebridge.Scope s = root.enter()) {
              raw.spanBuilder("raw_in_root").startSpan().end();
            }
            root.close();
          }
        });

    assertContained(ROUNDS * 4);
  }

  @Test
  void anErrorASpanWasCreatedWithIsStampedAtItsStartOnTheParentsClock() {
    otel.run(
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            io.opentelemetry.api.trace.Span outer = raw.spanBuilder("raw_outer").startSpan();
            try (Scope s = outer.makeCurrent()) {
              LOCAL
                  .infoSpan("born_failed")
                  .field("cause", new IllegalStateException("x"))
                  .start()
                  .close();
            } finally {
              outer.end();
            }
          }
        });

    assertContained(ROUNDS * 2);
    assertThat(otel.finished())
        .filteredOn(span -> span.getName().equals("born_failed"))
        .allSatisfy(
            span ->
                assertThat(span.getEvents())
                    .singleElement()
                    .satisfies(
                        e -> assertThat(e.getEpochNanos()).isEqualTo(span.getStartEpochNanos())));
  }

  @Test
  void whileNtpSlewsTheWallClockPlainAndTracebridgeSpansStillNestExactly()
      throws InterruptedException {
    int rounds = 30;
    try (SlewingWallClock wall = SlewingWallClock.install(5_000_000)) {
      // The SDK reads the same slewing wall clock, as both would read the system's.
      OtelFixture slewed =
          new OtelFixture(
              Sampler.alwaysOn(),
              b -> {},
              new Clock() {
                @Override
                public long now() {
                  return wall.getAsLong();
                }

                @Override
                public long nanoTime() {
                  return System.nanoTime();
                }
              });
      Tracer plain = slewed.sdk.getTracer("raw");
      for (int i = 0; i < rounds; i++) {
        slewed.run(
            () -> {
              try (EnteredSpan root = LOCAL.infoSpan("local_root").entered()) {
                plain.spanBuilder("raw_child").startSpan().end();
              }
              Span late = LOCAL.infoSpan("late_root").start();
              Span early = LOCAL.infoSpan("early_child").parent(late).start();
              try (io.tracebridge.Scope s = early.enter()) {
                plain.spanBuilder("raw_in_child").startSpan().end();
              }
              early.close();
              late.close();
            });
        Thread.sleep(20); // 0.6 s in all: a reused anchor would drift 3 ms from the SDK's clock
      }
      assertContained(slewed, rounds * 5);
    }
  }

  private void assertContained(int expectedSpans) {
    assertContained(otel, expectedSpans);
  }

  private static void assertContained(OtelFixture otel, int expectedSpans) {
    List<SpanData> spans = otel.finished();
    assertThat(spans).hasSize(expectedSpans);
    Map<String, SpanData> byId =
        spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    List<String> violations = new ArrayList<>();
    int pairs = 0;
    for (SpanData child : spans) {
      for (EventData event : child.getEvents()) {
        if (event.getEpochNanos() < child.getStartEpochNanos()
            || event.getEpochNanos() > child.getEndEpochNanos()) {
          violations.add("event " + event.getName() + " outside " + child.getName());
        }
      }
      SpanData parent = byId.get(child.getParentSpanId());
      if (parent == null) {
        continue;
      }
      pairs++;
      long early = parent.getStartEpochNanos() - child.getStartEpochNanos();
      long late = child.getEndEpochNanos() - parent.getEndEpochNanos();
      if (early > 0 || late > 0) {
        violations.add(
            child.getName()
                + " in "
                + parent.getName()
                + ": starts "
                + early
                + " ns early, ends "
                + late
                + " ns late");
      }
    }
    assertThat(pairs).isGreaterThanOrEqualTo(expectedSpans / 2);
    assertThat(violations).as("of " + pairs + " parent-child pairs").isEmpty();
  }
}
