package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampTest {
  private static final Tracer TRACER = Tracer.forClass(TimestampTest.class);

  private static long wallNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Records span start times and event times in the order they happen. */
  private static final class Times implements Subscriber {
    final List<Long> all = new ArrayList<>();

    @Override
    public void onNewSpan(SpanData span) {
      all.add(span.startEpochNanos());
    }

    @Override
    public void onEvent(EventData event) {
      all.add(event.epochNanos());
    }
  }

  @Test
  void spansAndEventsInOneTraceAreTimedFromTheRootsAnchorMonotonicallyAndWithinTheWallClock() {
    Times times = new Times();
    long before = wallNanos();
    Dispatch.withDefault(
        times,
        () -> {
          try (EnteredSpan root = TRACER.infoSpan("root").entered()) {
            TRACER.info("first");
            try (EnteredSpan child = TRACER.infoSpan("child").entered()) {
              for (int i = 0; i < 100; i++) {
                TRACER.info("tick");
              }
            }
            TRACER.info("last");
          }
        });
    long after = wallNanos();

    assertThat(times.all).hasSize(104);
    assertThat(times.all).isSorted();
    // The anchor is one wall-clock reading; nanoTime offsets from it stay within the wall-clock
    // window
    // (1 ms of slack for the two clocks' different granularity).
    assertThat(times.all)
        .allSatisfy(t -> assertThat(t).isBetween(before - 1_000_000, after + 1_000_000));
  }

  @Test
  void anEventOutsideAnySpanIsTimedFromTheSharedAnchorWithinTheWallClockWindow() {
    Times times = new Times();
    long before = wallNanos();
    Dispatch.withDefault(times, () -> TRACER.info("orphan"));
    long after = wallNanos();

    assertThat(times.all)
        .singleElement()
        .satisfies(t -> assertThat(t).isBetween(before - 1_000_000, after + 1_000_000));
  }

  @Test
  void eventsOutsideSpansShareOneAnchorUntilItIsOlderThanTheRefreshInterval() {
    long now = System.nanoTime();
    EpochClock.Anchor recent = EpochClock.shared(now);
    assertThat(EpochClock.shared(now)).isSameAs(recent);

    // An event more than the refresh interval later reads the wall clock again.
    EpochClock.Anchor later = EpochClock.shared(now + 2 * EpochClock.REFRESH_NANOS);
    assertThat(later).isNotSameAs(recent);
    long wall = wallNanos();
    assertThat(later.epochNanosAt(System.nanoTime())).isBetween(wall - 1_000_000, wall + 1_000_000);
  }

  @Test
  void everyRootSpanStartsAtTheWallClockTimeOfItsStartWhileNtpSlewsTheClock()
      throws InterruptedException {
    Times times = new Times();
    try (SlewingWallClock wall = SlewingWallClock.install(5_000_000)) {
      Dispatch.withDefault(times, () -> TRACER.infoSpan("first root").entered().close());
      // A reused anchor would now be 1.5 ms behind this wall clock; the OpenTelemetry SDK anchors
      // its own roots on a fresh reading, so ours must too.
      Thread.sleep(300);
      long before = wall.getAsLong();
      Dispatch.withDefault(times, () -> TRACER.infoSpan("second root").entered().close());
      long after = wall.getAsLong();

      assertThat(times.all.get(1)).isBetween(before, after);
    }
  }
}
