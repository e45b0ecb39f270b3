package io.tracebridge;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Describes a span before it starts: fields, parent and links. Obtained from {@link
 * Tracer#span(Level, String)} and its shorthands; single use.
 *
 * <p>When the span's level is disabled for its target, the builder is a shared no-op: every method
 * returns immediately, nothing is allocated, and {@link #start()} returns {@link Span#none()}.
 */
public interface SpanBuilder extends FieldBuilder<SpanBuilder> {
  /**
   * Declares a field without a value, to be filled later with {@link Span#record}. Subscribers do
   * not see it until it is recorded.
   *
   * @param name the field name
   * @return this builder
   */
  SpanBuilder empty(String name);

  /**
   * Makes {@code parent} the span's parent instead of the current span. {@link Span#none()} means
   * "the current span", since a disabled span is transparent.
   *
   * @param parent the parent
   * @return this builder
   */
  SpanBuilder parent(Span parent);

  /**
   * Makes the span a root: it has no parent, whatever is current.
   *
   * @return this builder
   */
  SpanBuilder root();

  /**
   * Declares that the span follows from {@code cause}, as {@link Span#followsFrom} does after
   * start.
   *
   * @param cause the span this one follows from; may be closed
   * @return this builder
   */
  SpanBuilder followsFrom(Span cause);

  /**
   * Starts the span without entering it. Later calls return the same span.
   *
   * @return the started span, or {@link Span#none()} if disabled
   */
  Span start();

  /**
   * Starts the span and enters it on this thread. Closing the result exits and closes the span.
   *
   * @return the entered span
   */
  EnteredSpan entered();

  /**
   * Runs {@code action} in a new span, Rust's {@code #[instrument]} for a lambda. If it throws, the
   * exception is recorded on the span as an error and rethrown unchanged. The span closes either
   * way.
   *
   * @param action the action
   */
  void run(Runnable action);

  /**
   * Runs {@code action} in a new span and returns its result. If it throws, the exception is
   * recorded on the span and rethrown unchanged. The span closes either way.
   *
   * @param action the action
   * @param <T> the result type
   * @return what {@code action} returned
   */
  <T> T get(Supplier<T> action);

  /**
   * Calls {@code action} in a new span and returns its result. If it throws, the exception is
   * recorded on the span and rethrown unchanged. The span closes either way.
   *
   * @param action the action
   * @param <T> the result type
   * @return what {@code action} returned
   * @throws Exception whatever {@code action} throws
   */
  <T> T call(Callable<T> action) throws Exception;
}
