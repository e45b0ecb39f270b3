package io.tracebridge;

/**
 * Describes an event, then emits it with {@link #log(String)}: the fluent form, in the spirit of
 * SLF4J 2's {@code atInfo().addKeyValue(..).log(..)}:
 *
 * <pre>{@code
 * TRACER.atWarn().field("user_id", userId).field("latency_ms", 50).log("High latency detected");
 * }</pre>
 *
 * <p>When the level is disabled for the target, the builder is a shared no-op: nothing is
 * allocated, boxed or formatted. An enabled builder is single use: after {@code log}, further calls
 * do nothing.
 */
public interface EventBuilder extends FieldBuilder<EventBuilder> {
  /**
   * Attaches an error, kept with its class, message, stack trace and causes, under the field name
   * {@code error}.
   *
   * @param error the error
   * @return this builder
   */
  EventBuilder error(Throwable error);

  /**
   * Attaches the event to {@code parent} instead of the current span. {@link Span#none()} means
   * "the current span".
   *
   * @param parent the span
   * @return this builder
   */
  EventBuilder parent(Span parent);

  /**
   * Emits the event outside any span, whatever is current.
   *
   * @return this builder
   */
  EventBuilder root();

  /**
   * Emits the event with {@code message}. Prefer a constant message with fields for the variable
   * parts: {@code field("user_id", id).log("Login")}, not a formatted string.
   *
   * @param message the message
   */
  void log(String message);

  /** Emits the event with no message, only its fields. */
  void log();
}
