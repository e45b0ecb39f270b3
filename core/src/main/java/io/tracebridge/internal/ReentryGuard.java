package io.tracebridge.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Stops a bridge from another logging API from recursing: a layer that logs through that API while
 * handling one of its records would otherwise call back into the bridge without end. A call made
 * while the same thread is already inside is refused, counted, and the first refusal reported.
 *
 * <p>Not API: the modules share it, and it may change in any release.
 */
public final class ReentryGuard {
  private final ThreadLocal<boolean[]> inside = ThreadLocal.withInitial(() -> new boolean[1]);
  private final AtomicLong refused = new AtomicLong();
  private final Runnable reportFirstRefusal;

  /**
   * Creates a guard.
   *
   * @param reportFirstRefusal run once, at the first refused call (later ones are only counted)
   */
  public ReentryGuard(Runnable reportFirstRefusal) {
    this.reportFirstRefusal = reportFirstRefusal;
  }

  /**
   * Enters, unless this thread is already inside: then the call is counted as refused.
   *
   * @return {@code true} if entered; the caller must then call {@link #exit()} in a {@code finally}
   */
  public boolean enter() {
    boolean[] flag = inside.get();
    if (flag[0]) {
      if (refused.getAndIncrement() == 0) {
        reportFirstRefusal.run();
      }
      return false;
    }
    flag[0] = true;
    return true;
  }

  /** Leaves what {@link #enter()} entered. */
  public void exit() {
    inside.get()[0] = false;
  }

  /**
   * Returns how many calls were refused.
   *
   * @return the count
   */
  public long refused() {
    return refused.get();
  }
}
