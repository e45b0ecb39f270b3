package io.tracebridge.internal;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A setting read from a system property, else an environment variable (blank counts as unset), with
 * where it came from, so that a bad value fails with a message that names it.
 *
 * <p>Not API: the modules share it, and it may change in any release.
 *
 * @param value the value as given
 * @param origin {@code system property <name>} or the environment variable's name
 */
public record Setting(String value, String origin) {
  /**
   * Reads a setting.
   *
   * @param property the system property, which wins
   * @param envVar the environment variable
   * @return the setting, or {@code null} if neither is set
   */
  public static @Nullable Setting read(String property, String envVar) {
    String value = System.getProperty(property);
    if (value != null && !value.isBlank()) {
      return new Setting(value, "system property " + property);
    }
    value = System.getenv(envVar);
    if (value != null && !value.isBlank()) {
      return new Setting(value, envVar);
    }
    return null;
  }

  /**
   * Reads a {@code true}/{@code false} setting (any case, surrounding blanks ignored).
   *
   * @param property the system property, which wins
   * @param envVar the environment variable
   * @param defaultValue the value when neither is set
   * @return the value
   * @throws IllegalArgumentException if it is set to anything else; the message names it
   */
  public static boolean bool(String property, String envVar, boolean defaultValue) {
    Setting setting = read(property, envVar);
    if (setting == null) {
      return defaultValue;
    }
    switch (setting.value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw setting.invalid("expected true or false");
    }
  }

  /**
   * Returns the exception for a bad value: {@code invalid <origin> '<value>': <why>}.
   *
   * @param why what was expected, or what is wrong
   * @return the exception, for the caller to throw
   */
  public IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("invalid " + origin + " '" + value + "': " + why);
  }
}
