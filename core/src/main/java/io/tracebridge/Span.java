package io.tracebridge;

import io.tracebridge.context.Envelope;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A period of work with a name, a level, typed fields and a parent. Create one with a {@link
 * Tracer}, enter it while its work runs, and close it exactly once when the work is done:
 *
 * <pre>{@code
 * Span span = TRACER.infoSpan("process_request").field("id", id).start();
 * try (Scope ignored = span.enter()) {
 *   TRACER.info("Processing request");
 * } finally {
 *   span.close();
 * }
 * }</pre>
 *
 * <p>or in one step with {@link SpanBuilder#entered()}. While a span is entered on a thread it is
 * the {@link #current()} span there: events attach to it and new spans become its children.
 *
 * <p><b>Never silent across threads.</b> Entering is per thread. To carry a span to another thread,
 * {@link #wrap(Runnable) wrap} the task, use {@link TracingExecutors}, {@link TracedFuture}, an
 * {@link Envelope}, or {@link ContextSnapshot}.
 *
 * <p><b>Misuse is a no-op, never an exception.</b> Closing twice, entering or recording after
 * close, and every method of {@link #none()} do nothing. Spans are thread-safe.
 */
public interface Span extends AutoCloseable {
  /**
   * Returns the span entered on this thread, or {@link #none()} if there is none.
   *
   * @return the current span
   */
  static Span current() {
    return ThreadState.currentSpan();
  }

  /**
   * Returns the disabled span. A span whose level or target is filtered out is this shared
   * instance, so disabled spans allocate nothing.
   *
   * <p>It is transparent: entering it leaves the enclosing span current, so children, events,
   * wrapped tasks and propagated context carry on with the enclosing span, just as if the disabled
   * span were not there. Passing it to {@link SpanBuilder#parent(Span)} means "the current span".
   *
   * @return the disabled span
   */
  static Span none() {
    return NoopSpan.INSTANCE;
  }

  /**
   * Returns whether this is {@link #none()}.
   *
   * @return {@code true} for the disabled span
   */
  boolean isNone();

  /**
   * Returns what subscribers see of this span, for integrations such as the OpenTelemetry bridge.
   *
   * @return the span data, or {@code null} for {@link #none()}
   */
  @Nullable SpanData data();

  /**
   * Makes this span current on the calling thread until the returned scope is closed.
   *
   * <p>Entering a closed span, or {@link #none()}, returns a scope that does nothing.
   *
   * @return the scope to close, on this thread, when the work leaves the span
   */
  Scope enter();

  /**
   * Ends the span. Timings stop, and subscribers see {@link Subscriber#onClose} once. A second call
   * does nothing.
   */
  @Override
  void close();

  /**
   * Returns whether the span has been closed. {@link #none()} is never closed.
   *
   * @return {@code true} after {@link #close()}
   */
  boolean isClosed();

  /**
   * Records an integer field, declared or new. Ignored after close.
   *
   * @param name the field name
   * @param value the value
   * @return this span
   */
  Span record(String name, long value);

  /**
   * Records a floating-point field. Ignored after close.
   *
   * @param name the field name
   * @param value the value
   * @return this span
   */
  Span record(String name, double value);

  /**
   * Records a boolean field. Ignored after close.
   *
   * @param name the field name
   * @param value the value
   * @return this span
   */
  Span record(String name, boolean value);

  /**
   * Records a string field. Ignored after close.
   *
   * @param name the field name
   * @param value the value; {@code null} is recorded as {@code "null"}
   * @return this span
   */
  Span record(String name, @Nullable String value);

  /**
   * Records a field of another type: boxed numbers and booleans keep their type, arrays become
   * typed arrays, a {@link Throwable} becomes an error, anything else its {@code String.valueOf}.
   * Ignored after close.
   *
   * @param name the field name
   * @param value the value, may be {@code null}
   * @return this span
   */
  Span record(String name, @Nullable Object value);

  /**
   * Records {@code error} under the field name {@code error}, keeping its class, message, stack
   * trace and causes for subscribers to map. Ignored after close.
   *
   * @param error the error
   * @return this span
   */
  Span recordError(Throwable error);

  /**
   * Declares that this span follows from {@code cause}: related, but not its child. {@code cause}
   * may already be closed. Ignored if either span is {@link #none()} or this span is closed.
   *
   * @param cause the span this one follows from
   * @return this span
   */
  Span followsFrom(Span cause);

  /**
   * Returns this span, or the current span if this is {@link #none()}: Rust's {@code or_current}.
   * Use it before handing a possibly disabled span to another thread, so that the task still runs
   * in the enclosing span.
   *
   * @return this span, or {@link #current()}
   */
  default Span orCurrent() {
    return isNone() ? current() : this;
  }

  /**
   * Runs {@code action} with this span entered.
   *
   * @param action the action; its exceptions propagate unchanged
   */
  default void inScope(Runnable action) {
    try (Scope ignored = enter()) {
      action.run();
    }
  }

  /**
   * Runs {@code action} with this span entered and returns its result.
   *
   * @param action the action; its exceptions propagate unchanged
   * @param <T> the result type
   * @return what {@code action} returned
   */
  default <T> T inScope(Supplier<T> action) {
    try (Scope ignored = enter()) {
      return action.get();
    }
  }

  /**
   * Calls {@code action} with this span entered and returns its result.
   *
   * @param action the action; its exceptions propagate unchanged
   * @param <T> the result type
   * @return what {@code action} returned
   * @throws Exception whatever {@code action} throws
   */
  default <T> T callInScope(Callable<T> action) throws Exception {
    try (Scope ignored = enter()) {
      return action.call();
    }
  }

  /**
   * Returns a task that runs {@code task} with this span entered, on whatever thread runs it:
   * Rust's {@code .instrument(span)}. For {@link #none()}, returns {@code task} itself.
   *
   * @param task the task
   * @return the wrapped task
   */
  default Runnable wrap(Runnable task) {
    return isNone() ? task : ContextSnapshot.of(this).wrap(task);
  }

  /**
   * Returns a task that calls {@code task} with this span entered, on whatever thread runs it. For
   * {@link #none()}, returns {@code task} itself.
   *
   * @param task the task
   * @param <T> the result type
   * @return the wrapped task
   */
  default <T> Callable<T> wrap(Callable<T> task) {
    return isNone() ? task : ContextSnapshot.of(this).wrap(task);
  }

  /**
   * Returns a supplier that runs {@code supplier} with this span entered, on whatever thread runs
   * it. For {@link #none()}, returns {@code supplier} itself.
   *
   * @param supplier the supplier
   * @param <T> the result type
   * @return the wrapped supplier
   */
  default <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    return isNone() ? supplier : ContextSnapshot.of(this).wrapSupplier(supplier);
  }
}
