package io.tracebridge.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.tracebridge.subscriber.SpanData;
import java.util.Arrays;

/**
 * The OpenTelemetry scopes opened on one thread for entered local spans, innermost last.
 * OpenTelemetry scopes must close in reverse order; when a local span exits out of order, the
 * scopes above it are closed, its own is closed, and the ones above are reopened, so {@code
 * Context.current()} always matches the innermost entered local span.
 */
final class ThreadScopes {
  private static final ThreadLocal<ThreadScopes> LOCAL = ThreadLocal.withInitial(ThreadScopes::new);

  // One entry per entered span, innermost last, in parallel arrays so that entering allocates
  // nothing
  // once the arrays have grown to the thread's nesting depth.
  /** The thread these scopes belong to. */
  final Thread thread = Thread.currentThread();

  private long[] spanIds = new long[8];
  private Context[] contexts = new Context[8];
  private Scope[] scopes = new Scope[8];
  private int size;

  /**
   * Makes {@code context}, the context of the entered local {@code span}, current on this thread,
   * over {@code below}, the context current until now.
   *
   * @return this thread's scopes, for {@link #pop} on the same thread
   */
  static ThreadScopes push(SpanData span, Context context, Context below) {
    long spanId = span.id();
    ThreadScopes local = scopesOf(below);
    if (local.size == local.spanIds.length) {
      int grown = local.size * 2;
      local.spanIds = Arrays.copyOf(local.spanIds, grown);
      local.contexts = Arrays.copyOf(local.contexts, grown);
      local.scopes = Arrays.copyOf(local.scopes, grown);
    }
    int at = local.size++;
    Context entered = new EnteredContext(context, below, span, local);
    local.spanIds[at] = spanId;
    local.contexts[at] = entered;
    local.scopes[at] = entered.makeCurrent();
    return local;
  }

  /**
   * Returns this thread's scopes: those of {@code current} when it is a context this thread made
   * current for an entered local span (a child entered inside its parent, the common case), which
   * saves the thread-local look-up; else the thread-local's.
   */
  private static ThreadScopes scopesOf(Context current) {
    if (current instanceof EnteredContext) {
      ThreadScopes owner = ((EnteredContext) current).scopes;
      if (owner.thread == Thread.currentThread()) {
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
