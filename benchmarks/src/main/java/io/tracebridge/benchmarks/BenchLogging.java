package io.tracebridge.benchmarks;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Quiets JUL loggers in the benchmark JVMs. */
public final class BenchLogging {
  private BenchLogging() {}

  /**
   * Sets {@code name}'s logger to SEVERE. Callers keep the returned logger in a static field: JUL
   * holds loggers weakly, and a collected logger would forget its level.
   */
  public static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.SEVERE);
    return logger;
  }
}
