package io.tracebridge;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The verbosity of a span or event, from the most verbose ({@link #TRACE}) to the most severe
 * ({@link #ERROR}).
 *
 * <p>A filter set to a level enables that level and every more severe one: {@code info} enables
 * INFO, WARN and ERROR.
 */
public enum Level {
  /** Very detailed diagnostics, usually off. */
  TRACE,
  /** Diagnostics useful while debugging. */
  DEBUG,
  /** Normal operational information. */
  INFO,
  /** Something unexpected that the program handled. */
  WARN,
  /** A failure. */
  ERROR;

  private static final Level[] VALUES = values();

  /**
   * Returns whether this level is at least as severe as {@code other}.
   *
   * @param other the level to compare with
   * @return {@code true} if a filter set to {@code other} enables this level
   */
  public boolean isAtLeast(Level other) {
    return ordinal() >= other.ordinal();
  }

  /**
   * Parses a level name, ignoring case: {@code trace}, {@code debug}, {@code info}, {@code warn} or
   * {@code error}. {@code warning} is accepted for {@code warn}.
   *
   * @param name the name to parse
   * @return the level
   * @throws IllegalArgumentException if {@code name} is not a level; the message names it
   */
  public static Level parse(String name) {
    Level level = parseOrNull(name);
    if (level == null) {
      throw new IllegalArgumentException(
          "unknown level '" + name + "' (expected trace, debug, info, warn or error)");
    }
    return level;
  }

  /**
   * Parses like {@link #parse} but returns {@code null} instead of throwing, for parsers that
   * report a bad name in their own words (as {@code EnvFilter} does).
   *
   * @param name a level name, case-insensitive ({@code warning} is accepted for {@code warn})
   * @return the level, or {@code null} if {@code name} names none
   */
  public static @Nullable Level parseOrNull(String name) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "trace":
        return TRACE;
      case "debug":
        return DEBUG;
      case "info":
        return INFO;
      case "warn":
      case "warning":
        return WARN;
      case "error":
        return ERROR;
      default:
        return null;
    }
  }

  /** Returns the level with the given ordinal. */
  static Level ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** One bit per level, for interest masks. */
  int bit() {
    return 1 << ordinal();
  }
}
