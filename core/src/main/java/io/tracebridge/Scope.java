package io.tracebridge;

/**
 * Undoes an {@link Span#enter() enter} or a {@link ContextSnapshot#attach() context attach} when
 * closed. Use it with try-with-resources, on the thread that opened it.
 *
 * <p>Closing is idempotent: a second {@link #close()} does nothing. Closing never throws.
 */
public interface Scope extends AutoCloseable {
  /** A scope that does nothing, returned when there was nothing to enter. */
  Scope NOOP = () -> {};

  /** Restores what was current before this scope was opened. */
  @Override
  void close();
}
