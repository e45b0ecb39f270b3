package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.tracebridge.Level;
import io.tracebridge.subscriber.EventData;
import java.util.concurrent.TimeUnit;

/**
 * Turns a local event into an OpenTelemetry span event, the one mapping for events in local spans
 * and in OpenTelemetry spans that are current outside any local span (see docs/bridge-mapping.md).
 */
final class SpanEvents {
  private static final AttributeKey<String> LEVEL = TargetScope.LEVEL;
  private static final AttributeKey<String> TARGET = TargetScope.TARGET;
  private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("message");

  private SpanEvents() {}

  /**
   * Adds {@code event} to {@code span} at {@code epochNanos}, the event's time on the span's clock.
   *
   * @param bare whether to leave out {@code level} and {@code target}: events of an integration
   *     span carry what OpenTelemetry's instrumentation puts on its events, no more
   * @param scope what the layer keeps for the event's target, which gives a field-less event its
   *     attributes; {@code null} past the layer's cap on targets
   * @return the description of the error status the event implies (an ERROR event, or one carrying
   *     a {@code Throwable}), or {@code null} if it implies none
   */
  static String add(Span span, EventData event, long epochNanos, boolean bare, TargetScope scope) {
    String level = event.level().name();
    String eventName = event.message().isEmpty() ? "event" : event.message();
    if (event.fields().isEmpty()) {
      span.addEvent(
          eventName,
          bare
              ? Attributes.empty()
              : scope != null
                  ? scope.levelAndTarget(event.level())
                  : TargetScope.levelAndTarget(event.level(), event.target()),
          epochNanos,
          TimeUnit.NANOSECONDS);
      return event.level() == Level.ERROR ? event.message() : null;
    }
    Throwable error;
    Attributes attributes;
    FieldAttributes fields = FieldAttributes.of(event.fields());
    try {
      if (fields.errors.isEmpty()) {
        error = null;
        attributes =
            bare
                ? fields.putAll(Attributes.builder()).build()
                : fields.eventAttributes(LEVEL, level, TARGET, event.target());
      } else {
        // An event carrying an error is the OpenTelemetry exception event, with the event's
        // context.
        error = fields.errors.get(0);
        AttributesBuilder builder =
            bare
                ? fields.putAll(Attributes.builder())
                : fields.eventBuilder(LEVEL, level, TARGET, event.target());
        if (!event.message().isEmpty()) {
          builder.put(MESSAGE, event.message());
        }
        attributes = Exceptions.put(error, builder).build();
      }
    } finally {
      fields.release();
    }
    return emit(span, event, eventName, attributes, error, epochNanos);
  }

  /**
   * Returns the error status description {@code event} implies, as {@link #add} would, without
   * adding it: for an event sent as a log record instead of a span event.
   */
  static String impliedError(EventData event) {
    Throwable error = event.error();
    if (error != null) {
      return Exceptions.describe(error);
    }
    return event.level() == Level.ERROR ? event.message() : null;
  }

  /**
   * Adds the event, or the exception event when it carries an error; returns the error status
   * description it implies, or {@code null}.
   */
  private static String emit(
      Span span,
      EventData event,
      String eventName,
      Attributes attributes,
      Throwable error,
      long epochNanos) {
    if (error != null) {
      span.addEvent(Exceptions.EVENT_NAME, attributes, epochNanos, TimeUnit.NANOSECONDS);
      return Exceptions.describe(error);
    }
    span.addEvent(eventName, attributes, epochNanos, TimeUnit.NANOSECONDS);
    return event.level() == Level.ERROR ? event.message() : null;
  }
}
