package io.tracebridge;

import java.util.function.LongSupplier;

/**
 * A wall clock that runs faster than {@code System.nanoTime()} by a fixed rate, as a clock NTP
 * slews does (a VM was seen slewing 5 ms per second), installed as tracebridge's wall clock while
 * open. The same instance can serve as an OpenTelemetry SDK clock's {@code now()}, so both sides
 * read one slewing wall clock, as they would read the system's.
 */
public final class SlewingWallClock implements LongSupplier, AutoCloseable {
  private final long baseWall;
  private final long baseNano = System.nanoTime();
  private final double rate;

  private SlewingWallClock(double extraPerSecond) {
    this.rate = 1 + extraPerSecond;
    java.time.Instant now = java.time.Instant.now();
    this.baseWall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * Installs a wall clock that gains {@code nanosPerSecond} on {@code nanoTime} every second.
   *
   * @param nanosPerSecond the slew, e.g. 5,000,000 for 5 ms per second
   * @return the clock; close it to restore the system clock
   */
  public static SlewingWallClock install(long nanosPerSecond) {
    SlewingWallClock clock = new SlewingWallClock(nanosPerSecond / 1e9);
    EpochClock.useWallClock(clock);
    return clock;
  }

  @Override
  public long getAsLong() {
    return baseWall + (long) ((System.nanoTime() - baseNano) * rate);
  }

  @Override
  public void close() {
    EpochClock.useWallClock(null);
  }
}
