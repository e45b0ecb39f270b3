package io.tracebridge.subscriber;

import io.tracebridge.Fields;
import io.tracebridge.Level;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.Tracer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Subscriber} sees of a span: its identity, metadata, fields, timings and the
 * extension storage that layers use to attach their own state.
 *
 * <p>Instances are thread-safe. A span stays readable after it closes.
 */
public interface SpanData {
  /**
   * Returns the span's id, unique among the spans of this JVM and never zero.
   *
   * @return the id
   */
  long id();

  /**
   * Returns the span's name, e.g. {@code process_request}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the span's target, by default the class name of the {@link Tracer} that made it.
   *
   * @return the target
   */
  String target();

  /**
   * Returns the span's level.
   *
   * @return the level
   */
  Level level();

  /**
   * Returns the local parent span: the current span when this one started, or the explicit parent.
   *
   * @return the parent, or {@code null} for a root
   */
  @Nullable SpanData parent();

  /**
   * Returns whether the parent was taken from the current span (rather than given explicitly or
   * refused with {@link SpanBuilder#root()}). A contextual span with no parent is where an
   * integration may supply a parent of its own, such as the current OpenTelemetry span.
   *
   * @return {@code true} if the parent came from context
   */
  boolean isContextual();

  /**
   * Returns whether the span was made a root explicitly with {@link SpanBuilder#root()}.
   *
   * @return {@code true} for an explicit root
   */
  boolean isExplicitRoot();

  /**
   * Returns a live view of the span's fields, including values recorded after it started.
   *
   * @return the fields
   */
  Fields fields();

  /**
   * Returns the spans this span {@link Span#followsFrom follows from}, in the order given. Links
   * declared on the {@link SpanBuilder} are already here in {@link Subscriber#onNewSpan}; links
   * added after start are also announced through {@link Subscriber#onFollowsFrom}.
   *
   * @return an unmodifiable snapshot
   */
  List<SpanData> followsFrom();

  /**
   * Returns the wall-clock time at which the span started, in nanoseconds since the epoch.
   *
   * @return the start time
   */
  long startEpochNanos();

  /**
   * Returns whether another thread closed a scope that the calling thread opened on this span, and
   * this thread has yet to make the tracebridge call that announces that exit here (see {@link
   * Subscriber#onExit}). Until then the span is no longer entered here, but layers have not heard
   * so; a layer that made state current on enter can use this to stop exposing it. A read only; it
   * changes nothing.
   *
   * @return whether an exit of this span is owed to the calling thread
   */
  boolean hasExitOwedOnThisThread();

  /**
   * Returns the {@link System#nanoTime()} reading at which the span started. With {@link
   * #startEpochNanos()} it pins the span's clock: the span's time at any later {@code nanoTime}
   * {@code t} is {@code startEpochNanos() + (t - startNanoTime())}, and its end is {@code
   * startEpochNanos() + busyNanos() + idleNanos()}. Layers use it to convert the span's times
   * exactly into another clock anchored on {@code System.nanoTime()}, such as the OpenTelemetry
   * SDK's.
   *
   * @return the start's {@code nanoTime}
   */
  long startNanoTime();

  /**
   * Returns the time during which at least one thread had the span entered, up to now or to close.
   *
   * @return busy time in nanoseconds
   */
  long busyNanos();

  /**
   * Returns the time the span was alive but entered by no thread, up to now or to close.
   *
   * @return idle time in nanoseconds
   */
  long idleNanos();

  /**
   * Returns whether the span has been closed.
   *
   * @return {@code true} once {@link Span#close()} has run
   */
  boolean isClosed();

  /**
   * Returns the name of the thread that started the span.
   *
   * @return the thread name
   */
  String threadName();

  /**
   * Returns the id of the thread that started the span.
   *
   * @return the thread id
   */
  long threadId();

  /**
   * Returns the storage where layers keep their own per-span state.
   *
   * @return the extensions, created on first use
   */
  Extensions extensions();
}
