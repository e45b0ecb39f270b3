package io.tracebridge.slf4j;

import io.tracebridge.internal.Setting;

/**
 * The provider's settings, read once at SLF4J's start; bad values fail fast and name themselves.
 */
record Slf4jSettings(boolean mdcFields) {
  static final String MDC_PROPERTY = "tracebridge.slf4j.mdc";
  static final String MDC_ENV_VAR = "TRACEBRIDGE_SLF4J_MDC";

  static Slf4jSettings fromEnvironment() {
    return new Slf4jSettings(Setting.bool(MDC_PROPERTY, MDC_ENV_VAR, true));
  }
}
