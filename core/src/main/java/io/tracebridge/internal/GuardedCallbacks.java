package io.tracebridge.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * User callbacks (attribute extractors and the like) called on the request path, each call guarded:
 * a callback that throws never reaches the application and never stops the others. The first
 * failure of each callback is logged at WARNING with its stack trace; later ones are counted and
 * logged at FINE, so a callback that fails on every request cannot flood the log.
 *
 * <p>Not API: the integrations share it, and it may change in any release.
 *
 * @param <T> the callback type
 */
public final class GuardedCallbacks<T> {
  private final List<T> callbacks;
  private final String kind;
  private final Logger log;
  private final AtomicLongArray failures;

  private GuardedCallbacks(List<T> callbacks, String kind, Logger log) {
    this.callbacks = List.copyOf(callbacks);
    this.kind = kind;
    this.log = log;
    this.failures = new AtomicLongArray(this.callbacks.size());
  }

  /**
   * Guards {@code callbacks}.
   *
   * @param callbacks the callbacks, in calling order (copied)
   * @param kind what they are, for the log line (e.g. {@code "attributes extractor"})
   * @param log where failures are logged
   * @param <T> the callback type
   * @return the guarded callbacks
   */
  public static <T> GuardedCallbacks<T> of(List<T> callbacks, String kind, Logger log) {
    return new GuardedCallbacks<>(callbacks, kind, log);
  }

  /**
   * Returns whether there is no callback, so callers can skip building the call.
   *
   * @return {@code true} if {@link #forEach} would call nothing
   */
  public boolean isEmpty() {
    return callbacks.isEmpty();
  }

  /**
   * Calls {@code call} with each callback in order; a {@link RuntimeException} from one is logged
   * and counted, and the next one still runs.
   *
   * @param call what to do with each callback
   */
  public void forEach(Consumer<? super T> call) {
    for (int i = 0; i < callbacks.size(); i++) {
      T callback = callbacks.get(i);
      try {
        call.accept(callback);
      } catch (RuntimeException e) {
        long n = failures.incrementAndGet(i);
        if (n == 1) {
          log.log(
              Level.WARNING,
              kind + " " + callback + " failed; its later failures are logged at FINE",
              e);
        } else if (log.isLoggable(Level.FINE)) {
          log.log(Level.FINE, kind + " " + callback + " failed (" + n + " failures so far)", e);
        }
      }
    }
  }

  /**
   * Returns how often the callback at {@code index} has failed.
   *
   * @param index the callback's position in the list given to {@link #of}
   * @return its failures so far
   */
  public long failures(int index) {
    return failures.get(index);
  }
}
