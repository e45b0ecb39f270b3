package io.tracebridge;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * The static level ceiling, read once from the system property {@code tracebridge.max_level}
 * ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}). It is a
 * {@code static final} constant, so the JIT folds the check away: the Java analogue of {@code
 * tracing}'s {@code max_level_*} features.
 *
 * <p>A value that is not a level never reaches a call site: this class still initialises, with no
 * ceiling, and logs one WARNING naming the value; {@link Dispatch#setGlobalDefault} (and so every
 * {@code init()}) fails at startup with the same message through {@link #checkValid()}.
 */
final class StaticMaxLevel {
  static final String PROPERTY = "tracebridge.max_level";

  /** Why the configured value was rejected, or {@code null} if it was valid (or absent). */
  private static final String PROBLEM;

  /** The most verbose ordinal that may ever be enabled; 5 disables everything. */
  static final int MIN_ORDINAL;

  static {
    String value = System.getProperty(PROPERTY);
    int ordinal = 0;
    String problem = null;
    try {
      ordinal = parse(value);
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
      Logger.getLogger(StaticMaxLevel.class.getName())
          .warning(problem + "; running with no static ceiling");
    }
    MIN_ORDINAL = ordinal;
    PROBLEM = problem;
  }

  private StaticMaxLevel() {}

  /**
   * Throws if the configured ceiling is not a level; called where the application configures
   * tracing, so bad configuration fails at startup.
   *
   * @throws IllegalArgumentException naming the property and its value
   */
  static void checkValid() {
    if (PROBLEM != null) {
      throw new IllegalArgumentException(PROBLEM);
    }
  }

  static int parse(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    if (value.trim().toLowerCase(Locale.ROOT).equals("off")) {
      return 5;
    }
    Level level = Level.parseOrNull(value);
    if (level == null) {
      throw new IllegalArgumentException(
          "system property "
              + PROPERTY
              + "='"
              + value
              + "' is not a level (expected trace, debug, info, warn, error or off)");
    }
    return level.ordinal();
  }
}
