package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The OpenTelemetry exception semantic conventions for a {@link Throwable}. */
final class Exceptions {
  static final String EVENT_NAME = "exception";
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  private Exceptions() {}

  /** Adds {@code exception.type}, {@code exception.message} and the full Java stack trace. */
  static AttributesBuilder put(Throwable error, AttributesBuilder attributes) {
    attributes.put(TYPE, error.getClass().getName());
    if (error.getMessage() != null) {
      attributes.put(MESSAGE, error.getMessage());
    }
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      error.printStackTrace(writer);
    }
    attributes.put(STACKTRACE, trace.toString());
    return attributes;
  }

  /** A short status description: the message, or the class name when there is none. */
  static String describe(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
  }
}
