package io.tracebridge.subscriber;

import io.tracebridge.EventBuilder;
import io.tracebridge.Fields;
import io.tracebridge.Level;
import io.tracebridge.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Subscriber} sees of an event: a point in time with a level, a message and typed
 * fields, attached to a span or to none.
 *
 * <p>An event is delivered synchronously on the thread that emitted it, so {@link
 * Thread#currentThread()} inside {@link Subscriber#onEvent} is the emitting thread. Do not keep the
 * instance after the callback returns: copy what you need.
 */
public interface EventData {
  /**
   * Returns the event's level.
   *
   * @return the level
   */
  Level level();

  /**
   * Returns the event's target, by default the class name of the {@link Tracer} that emitted it.
   *
   * @return the target
   */
  String target();

  /**
   * Returns the message.
   *
   * @return the message, empty if the event has none
   */
  String message();

  /**
   * Returns the event's typed fields, including an error recorded with {@link
   * EventBuilder#error(Throwable)} under the name {@code error}.
   *
   * @return the fields
   */
  Fields fields();

  /**
   * Returns the first error among the fields, for subscribers that map errors.
   *
   * @return the error, or {@code null}
   */
  @Nullable Throwable error();

  /**
   * Returns the span the event belongs to: the current span, or the explicit parent.
   *
   * @return the span, or {@code null} if the event is outside any span
   */
  @Nullable SpanData parent();

  /**
   * Returns whether the span came from context rather than being given explicitly.
   *
   * @return {@code true} if the parent came from context
   */
  boolean isContextual();

  /**
   * Returns the wall-clock time of the event, in nanoseconds since the epoch.
   *
   * @return the timestamp
   */
  long epochNanos();
}
