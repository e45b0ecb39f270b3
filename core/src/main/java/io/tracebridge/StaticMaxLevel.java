package io.tracebridge;

import java.util.Locale;

/**
 * The static level ceiling, read once from the system property {@code tracebridge.max_level}
 * ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or {@code off}). It is a
 * {@code static final} constant, so the JIT folds the check away: the Java analogue of
 * {@code tracing}'s {@code max_level_*} features.
 */
final class StaticMaxLevel {
  static final String PROPERTY = "tracebridge.max_level";

  /** The most verbose ordinal that may ever be enabled; 5 disables everything. */
  static final int MIN_ORDINAL = parse(System.getProperty(PROPERTY));

  private StaticMaxLevel() {}

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
