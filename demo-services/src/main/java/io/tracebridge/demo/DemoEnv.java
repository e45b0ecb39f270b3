package io.tracebridge.demo;

import java.util.Map;

/**
 * The demo services' own settings: ports and peer addresses, from environment variables with
 * defaults. Everything else is the standard {@code OTEL_*} and {@code TRACEBRIDGE_*} variables. A
 * malformed value fails at startup, naming the variable.
 */
public final class DemoEnv {
  private final Map<String, String> env;

  private DemoEnv(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Reads the process environment.
   *
   * @return the settings
   */
  public static DemoEnv fromSystem() {
    return new DemoEnv(System.getenv());
  }

  /**
   * Reads the given variables, for tests.
   *
   * @param env the variables
   * @return the settings
   */
  public static DemoEnv of(Map<String, String> env) {
    return new DemoEnv(Map.copyOf(env));
  }

  /**
   * Returns a string setting.
   *
   * @param name the variable
   * @param fallback the default
   * @return the value
   */
  public String string(String name, String fallback) {
    String value = env.get(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /**
   * Returns an integer setting.
   *
   * @param name the variable
   * @param fallback the default
   * @return the value
   * @throws IllegalArgumentException if the value is not an integer; the message names the variable
   */
  public int integer(String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not an integer", e);
    }
  }

  /**
   * Returns a decimal setting.
   *
   * @param name the variable
   * @param fallback the default
   * @return the value
   * @throws IllegalArgumentException if the value is not a number; the message names the variable
   */
  public double decimal(String name, double fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + value + "' is not a number", e);
    }
  }
}
