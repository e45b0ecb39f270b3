package io.tracebridge;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the epoch.
 *
 * <p>Like the OpenTelemetry SDK's anchored clock, a root span keeps an {@link Anchor}: a wall-clock
 * reading paired with the {@code System.nanoTime()} taken with it. Its descendants and their events
 * measure {@code nanoTime} from that anchor, so timestamps within one trace never go backwards,
 * even if the wall clock steps. Root spans share one process-wide anchor that is re-read from the
 * wall clock once it is more than {@link #REFRESH_NANOS} old, so a root span costs one {@code
 * nanoTime} and no wall-clock read; a step of the wall clock reaches new traces within that time.
 */
final class EpochClock {
  /** How old the shared anchor may get before a root span reads the wall clock again: 1 s. */
  static final long REFRESH_NANOS = 1_000_000_000L;

  private static volatile Anchor shared = new Anchor(wallNanos(), System.nanoTime());

  private EpochClock() {}

  /** Returns the wall-clock time now, through the shared anchor. */
  static long nowNanos() {
    long nanoTime = System.nanoTime();
    return anchor(nanoTime).epochNanosAt(nanoTime);
  }

  /** Returns an anchor for a root span starting at {@code nanoTime}: the shared one, if recent. */
  static Anchor anchor(long nanoTime) {
    Anchor a = shared;
    long age = nanoTime - a.nanoTime;
    // A negative age is a reading taken just before another thread refreshed the anchor: as good.
    if (age >= -REFRESH_NANOS && age <= REFRESH_NANOS) {
      return a;
    }
    a = new Anchor(wallNanos(), System.nanoTime());
    shared = a;
    return a;
  }

  private static long wallNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** A wall-clock reading paired with the {@code System.nanoTime()} taken with it. Immutable. */
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
