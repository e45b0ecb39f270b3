package io.tracebridge.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Arrays;

/**
 * The OpenTelemetry scopes opened on one thread for entered local spans, innermost last.
 * OpenTelemetry scopes must close in reverse order; when a local span exits out of order, the
 * scopes above it are closed, its own is closed, and the ones above are reopened, so {@code
 * Context.current()} always matches the innermost entered local span.
 */
final class ThreadScopes {
  private static final ThreadLocal<ThreadScopes> LOCAL = ThreadLocal.withInitial(ThreadScopes::new);

  /** The thread these scopes belong to. */
  final Thread thread = Thread.currentThread();

  // One entry per entered span, innermost last, in parallel arrays so that entering allocates
  // nothing once the arrays have grown to the thread's nesting depth.
  private long[] spanIds = new long[8];
  private Context[] contexts = new Context[8];
  private Scope[] scopes = new Scope[8];
  private int size;

  /**
   * Makes {@code entered}, the context of an entered local span, current on this thread's scopes.
   *
   * @param spanId the local span's id, for {@link #pop}
   * @return these scopes, for {@link #pop} on the same thread
   */
  ThreadScopes push(long spanId, EnteredContext entered) {
    if (size == spanIds.length) {
      int grown = size * 2;
      spanIds = Arrays.copyOf(spanIds, grown);
      contexts = Arrays.copyOf(contexts, grown);
      scopes = Arrays.copyOf(scopes, grown);
    }
    int at = size++;
    spanIds[at] = spanId;
    contexts[at] = entered;
    scopes[at] = entered.makeCurrent();
    return this;
  }

  /**
   * Returns the calling thread's scopes: those of {@code current} when it is a context this thread
   * made current for an entered local span (a child entered inside its parent, the common case),
   * which saves the thread-local look-up; else the thread-local's.
   */
  static ThreadScopes of(Context current) {
    if (current instanceof EnteredContext) {
      ThreadScopes owner = ((EnteredContext) current).owner();
      if (owner != null && owner.thread == Thread.currentThread()) {
        return owner;
      }
    }
    return LOCAL.get();
  }

  /** Returns how many scopes this thread holds for entered local spans. */
  static int depth() {
    return LOCAL.get().size;
  }

  /**
   * Closes the scope of the innermost entry for {@code spanId} on this thread, if there is one.
   *
   * @param hint scopes a {@link #push} returned, used if they are this thread's (saves the
   *     thread-local look-up), or {@code null}
   */
  static void pop(long spanId, ThreadScopes hint) {
    ThreadScopes local = hint != null && hint.thread == Thread.currentThread() ? hint : LOCAL.get();
    int at = local.size - 1;
    while (at >= 0 && local.spanIds[at] != spanId) {
      at--;
    }
    if (at < 0) {
      return; // entered on another thread, or before this layer existed: nothing to close here
    }
    local.removeAt(at);
  }

  private void removeAt(int at) {
    for (int i = size - 1; i >= at; i--) {
      scopes[i].close();
    }
    int moved = size - at - 1;
    System.arraycopy(spanIds, at + 1, spanIds, at, moved);
    System.arraycopy(contexts, at + 1, contexts, at, moved);
    System.arraycopy(scopes, at + 1, scopes, at, moved);
    size--;
    contexts[size] = null;
    scopes[size] = null;
    for (int i = at; i < size; i++) {
      scopes[i] = contexts[i].makeCurrent();
    }
  }
}
