package io.tracebridge.subscriber;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Dispatch;
import io.tracebridge.Fields;
import io.tracebridge.Level;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import org.jspecify.annotations.Nullable;

/**
 * The extension point that receives spans and events: the console output, the OpenTelemetry bridge
 * and test recorders are all subscribers. Compose several with a {@link Registry}, each with its
 * own {@link Filter}, and install the result with {@link Dispatch}.
 *
 * <p>Every callback has an empty default. Callbacks run synchronously on the thread that caused
 * them and must be thread-safe. They must not block on I/O; hand slow work to a queue. An exception
 * thrown by a subscriber installed through {@link Dispatch} or a {@link Registry} is caught, logged
 * once through {@code java.util.logging} and never reaches the application.
 *
 * <p>Lifecycle of a span, as seen by a subscriber: {@link #onNewSpan} once; any number of {@link
 * #onEnter}/{@link #onExit} pairs, possibly on several threads; {@link #onRecord} and {@link
 * #onFollowsFrom} at any time; {@link #onClose} once. After close, the only callbacks for that span
 * are {@link #onEnter}/{@link #onExit} pairs: exits of threads that were still inside it, and work
 * that carries the closed span as its context (a {@link ContextSnapshot} of it attached later), so
 * a layer can make the span's context current for that work.
 *
 * <p>{@link #onEnter} and its {@link #onExit} always run on the same thread, even when the scope
 * was closed on another thread: that exit is announced on the entering thread at its next
 * tracebridge call.
 */
public interface Subscriber {
  /**
   * Returns whether this subscriber wants spans and events of {@code level} from {@code target}.
   *
   * <p>The answer is cached per target by each {@link Tracer}, in the spirit of {@code tracing}'s
   * callsite interest, so it must depend only on its arguments. A subscriber whose answer changes
   * calls {@link Dispatch#rebuildInterestCache()}.
   *
   * @param level the level
   * @param target the target, usually a class name
   * @return {@code true} if the subscriber wants them
   */
  default boolean enabled(Level level, String target) {
    return true;
  }

  /**
   * Returns the most verbose level this subscriber could ever enable, or {@code null} if it enables
   * nothing. A hint that lets callers skip the per-target check; the default admits everything.
   *
   * @return the most verbose level enabled, or {@code null}
   */
  default @Nullable Level maxLevelHint() {
    return Level.TRACE;
  }

  /**
   * Called once when a span starts, after its initial fields are set.
   *
   * @param span the new span
   */
  default void onNewSpan(SpanData span) {}

  /**
   * Called when a thread enters the span.
   *
   * @param span the span
   */
  default void onEnter(SpanData span) {}

  /**
   * Called when a thread exits the span, on that thread: if another thread closed the scope, at the
   * entering thread's next tracebridge call.
   *
   * @param span the span
   */
  default void onExit(SpanData span) {}

  /**
   * Called after values are recorded on a started span.
   *
   * @param span the span, whose {@link SpanData#fields()} already hold the values
   * @param values only the values recorded by this call; valid during this callback only (it is
   *     reused afterwards), so copy what you need
   */
  default void onRecord(SpanData span, Fields values) {}

  /**
   * Called when {@code span} is declared to follow from {@code follows}, which may be closed.
   *
   * @param span the span
   * @param follows the span it follows from
   */
  default void onFollowsFrom(SpanData span, SpanData follows) {}

  /**
   * Called for each enabled event.
   *
   * @param event the event; valid only during the call
   */
  default void onEvent(EventData event) {}

  /**
   * Called once when a span closes. Its timings are final.
   *
   * @param span the span
   */
  default void onClose(SpanData span) {}
}
