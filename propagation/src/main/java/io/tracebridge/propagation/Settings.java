package io.tracebridge.propagation;

/** Reads a setting from a system property, else an environment variable. */
final class Settings {
  private Settings() {}

  /** Returns the value and where it came from, or {@code null} if neither is set. */
  static String[] read(String property, String env) {
    String value = System.getProperty(property);
    if (value != null && !value.isBlank()) {
      return new String[] {value, "system property " + property};
    }
    value = System.getenv(env);
    if (value != null && !value.isBlank()) {
      return new String[] {value, env};
    }
    return null;
  }
}
