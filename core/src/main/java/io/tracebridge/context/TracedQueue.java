package io.tracebridge.context;

import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A channel between threads that carries each message's context: {@code put} captures the sender's
 * context in an {@link Envelope}, and the receiver runs in it. Rust's {@code mpsc} channel plus the
 * span-in-the-message pattern, over any {@link BlockingQueue}.
 *
 * <pre>{@code
 * TracedQueue<Job> jobs = TracedQueue.create(100);
 * jobs.put(job);                                          // in the request's span
 * jobs.takeAndRun(job -> worker.process(job));            // on the worker, in that span
 * }</pre>
 *
 * <p>Thread-safe as the underlying queue is. Memory is bounded by the queue's capacity.
 *
 * @param <T> the payload type
 */
public final class TracedQueue<T> {
  private final BlockingQueue<Envelope<T>> queue;

  private TracedQueue(BlockingQueue<Envelope<T>> queue) {
    this.queue = queue;
  }

  /**
   * Returns a queue over a new bounded {@link LinkedBlockingQueue}.
   *
   * @param capacity the maximum number of queued messages
   * @param <T> the payload type
   * @return the queue
   * @throws IllegalArgumentException if {@code capacity} is not positive
   */
  public static <T> TracedQueue<T> create(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    return new TracedQueue<>(new LinkedBlockingQueue<>(capacity));
  }

  /**
   * Returns a queue over {@code queue}, which should be bounded.
   *
   * @param queue the underlying queue
   * @param <T> the payload type
   * @return the queue
   */
  public static <T> TracedQueue<T> over(BlockingQueue<Envelope<T>> queue) {
    return new TracedQueue<>(Objects.requireNonNull(queue, "queue"));
  }

  /**
   * Sends {@code payload} with the caller's context, waiting for space.
   *
   * @param payload the message
   * @throws InterruptedException if interrupted while waiting
   */
  public void put(T payload) throws InterruptedException {
    queue.put(Envelope.of(payload));
  }

  /**
   * Sends {@code payload} with the caller's context if there is space now.
   *
   * @param payload the message
   * @return {@code false} if the queue is full
   */
  public boolean offer(T payload) {
    return queue.offer(Envelope.of(payload));
  }

  /**
   * Sends {@code payload} with the caller's context, waiting up to the timeout for space.
   *
   * @param payload the message
   * @param timeout how long to wait
   * @param unit the unit of {@code timeout}
   * @return {@code false} if the queue stayed full
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean offer(T payload, long timeout, TimeUnit unit) throws InterruptedException {
    return queue.offer(Envelope.of(payload), timeout, unit);
  }

  /**
   * Receives the next message, waiting for one.
   *
   * @return the envelope
   * @throws InterruptedException if interrupted while waiting
   */
  public Envelope<T> take() throws InterruptedException {
    return queue.take();
  }

  /**
   * Receives the next message, waiting up to the timeout.
   *
   * @param timeout how long to wait
   * @param unit the unit of {@code timeout}
   * @return the envelope, or {@code null} if none arrived in time
   * @throws InterruptedException if interrupted while waiting
   */
  public @Nullable Envelope<T> poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  /**
   * Receives the next message and runs {@code handler} on it in the sender's context.
   *
   * @param handler the handler; its exceptions propagate unchanged
   * @throws InterruptedException if interrupted while waiting
   */
  public void takeAndRun(Consumer<? super T> handler) throws InterruptedException {
    take().run(handler);
  }

  /**
   * Returns the number of queued messages.
   *
   * @return the size
   */
  public int size() {
    return queue.size();
  }
}
