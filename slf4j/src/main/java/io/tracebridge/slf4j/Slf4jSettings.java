package io.tracebridge.slf4j;

import java.util.Locale;

/**
 * The provider's settings, read once at SLF4J's start; bad values fail fast and name themselves.
 */
record Slf4jSettings(boolean mdcFields) {
  static final String MDC_PROPERTY = "tracebridge.slf4j.mdc";
  static final String MDC_ENV_VAR = "TRACEBRIDGE_SLF4J_MDC";

  static Slf4jSettings fromEnvironment() {
    String property = System.getProperty(MDC_PROPERTY);
    if (property != null) {
      return new Slf4jSettings(parse(property, "system property " + MDC_PROPERTY));
    }
    String env = System.getenv(MDC_ENV_VAR);
    return new Slf4jSettings(env == null || parse(env, "environment variable " + MDC_ENV_VAR));
  }

  private static boolean parse(String value, String origin) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(
            "invalid " + origin + " '" + value + "': expected true or false");
    }
  }
}
