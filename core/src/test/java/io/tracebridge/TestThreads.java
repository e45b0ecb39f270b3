package io.tracebridge;

/** Blocking helpers for tests that hand spans between threads; interruption fails the test. */
public final class TestThreads {
  private TestThreads() {}

  /**
   * Sleeps, failing the test if interrupted.
   *
   * @param millis how long
   */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Joins {@code t}, failing the test if interrupted.
   *
   * @param t the thread
   */
  public static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
