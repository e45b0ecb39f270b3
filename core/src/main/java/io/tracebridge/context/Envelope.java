package io.tracebridge.context;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A message plus the tracing context of the thread that sent it: a value holding both the data and
 * the span, for channels between threads.
 *
 * <pre>{@code
 * queue.put(Envelope.of(order));                  // producer, inside its span
 * Envelope<Order> env = queue.take();             // consumer thread
 * env.run(order -> TRACER.info("processing"));     // runs in the producer's span
 * }</pre>
 *
 * <p>{@link TracedQueue} does the wrapping for you. Immutable and thread-safe if the payload is.
 *
 * @param <T> the payload type
 * @param payload the data
 * @param context the sender's context
 */
public record Envelope<T>(T payload, ContextSnapshot context) {
  /**
   * Checks the components.
   *
   * @param payload the data
   * @param context the sender's context
   */
  public Envelope {
    Objects.requireNonNull(context, "context");
  }

  /**
   * Wraps {@code payload} with the calling thread's context.
   *
   * @param payload the data
   * @param <T> the payload type
   * @return the envelope
   */
  public static <T> Envelope<T> of(T payload) {
    return new Envelope<>(payload, ContextSnapshot.capture());
  }

  /**
   * Wraps {@code payload} with {@code span} as its context.
   *
   * @param payload the data
   * @param span the span the receiver should run in
   * @param <T> the payload type
   * @return the envelope
   */
  public static <T> Envelope<T> of(T payload, Span span) {
    return new Envelope<>(payload, ContextSnapshot.of(span));
  }

  /**
   * Returns the sender's span.
   *
   * @return the span, or {@link Span#none()} if the sender had none
   */
  public Span span() {
    return context.span();
  }

  /**
   * Makes the sender's context current until the scope is closed.
   *
   * @return the scope
   */
  public Scope attach() {
    return context.attach();
  }

  /**
   * Runs {@code handler} on the payload in the sender's context.
   *
   * @param handler the handler; its exceptions propagate unchanged
   */
  public void run(Consumer<? super T> handler) {
    try (Scope ignored = attach()) {
      handler.accept(payload);
    }
  }

  /**
   * Applies {@code handler} to the payload in the sender's context.
   *
   * @param handler the handler; its exceptions propagate unchanged
   * @param <R> the result type
   * @return what {@code handler} returned
   */
  public <R> R apply(Function<? super T, R> handler) {
    try (Scope ignored = attach()) {
      return handler.apply(payload);
    }
  }
}
