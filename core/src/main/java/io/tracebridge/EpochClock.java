package io.tracebridge;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the epoch.
 *
 * <p>Like the OpenTelemetry SDK's anchored clock, a root span reads the wall clock once and keeps an
 * {@link Anchor}; its descendants and their events measure {@code System.nanoTime()} from that
 * anchor. Reading the wall clock per event was the largest single cost of an event in the
 * benchmarks, and anchoring keeps timestamps within one trace monotonic even if the wall clock steps.
 */
final class EpochClock {
  private EpochClock() {}

  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Reads the wall clock once and pairs it with {@code nanoTime}. */
  static Anchor anchor(long nanoTime) {
    return new Anchor(nowNanos(), nanoTime);
  }

  /** A wall-clock reading paired with the {@code System.nanoTime()} taken with it. */
  static final class Anchor {
    private final long epochNanos;
    private final long nanoTime;

    Anchor(long epochNanos, long nanoTime) {
      this.epochNanos = epochNanos;
      this.nanoTime = nanoTime;
    }

    long epochNanosAt(long nanoTimeNow) {
      return epochNanos + (nanoTimeNow - nanoTime);
    }
  }
}
