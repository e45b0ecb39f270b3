package io.tracebridge;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Wall-clock time in nanoseconds since the epoch.
 *
 * <p>Like the OpenTelemetry SDK's anchored clock, a root span keeps an {@link Anchor}: a wall-clock
 * reading paired with the {@code System.nanoTime()} taken with it. Its descendants and their events
 * measure {@code nanoTime} from that anchor, so timestamps within one trace never go backwards,
 * even if the wall clock steps. Each root span reads the wall clock at its start, as the SDK does
 * for a root of its own, so the two anchors of one trace agree to within the time between the two
 * readings, however fast NTP slews the wall clock against {@code nanoTime}.
 *
 * <p>Events outside any span share one process-wide anchor, re-read from the wall clock once it is
 * more than {@link #REFRESH_NANOS} old: such an event costs one {@code nanoTime} and no wall-clock
 * read, and is off the wall clock by at most the slew of one refresh interval.
 */
final class EpochClock {
  /** How old the shared anchor of events outside spans may get: 1 s. */
  static final long REFRESH_NANOS = 1_000_000_000L;

  /**
   * Where wall-clock readings come from: the system clock, or in tests one that slews against
   * {@code nanoTime} as NTP does (see {@link #useWallClock}).
   */
  private static LongSupplier wall = EpochClock::systemWallNanos;

  private static volatile Anchor shared = new Anchor(wallNanos(), System.nanoTime());

  private EpochClock() {}

  /** Returns the wall-clock time now, through the shared anchor: for events outside any span. */
  static long nowNanos() {
    long nanoTime = System.nanoTime();
    return shared(nanoTime).epochNanosAt(nanoTime);
  }

  /**
   * Returns the anchor of a root span starting at {@code nanoTime}: the wall clock, read now. A
   * shared anchor would save that read, but under NTP slew it drifts from the wall clock (5 ms per
   * second has been seen on a VM), and the OpenTelemetry SDK anchors its own roots on a fresh read:
   * the two clocks of one trace would then disagree by milliseconds, and plain OpenTelemetry spans
   * would stick out of tracebridge parents.
   */
  static Anchor anchor(long nanoTime) {
    return new Anchor(wallNanos(), nanoTime);
  }

  /** Returns the shared anchor, read again from the wall clock if it is no longer recent. */
  static Anchor shared(long nanoTime) {
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
    return wall.getAsLong();
  }

  private static long systemWallNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Replaces the wall clock, for tests that simulate NTP slew; {@code null} restores the system
   * clock. Drops the shared anchor, so the next reading uses the new clock.
   */
  static void useWallClock(LongSupplier clock) {
    wall = clock == null ? EpochClock::systemWallNanos : clock;
    shared = new Anchor(wallNanos(), System.nanoTime());
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
