package io.tracebridge.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenTelemetry scopes opened on one thread for entered local spans, innermost last. OpenTelemetry
 * scopes must close in reverse order; when a local span exits out of order, the scopes above it are
 * closed, its own is closed, and the ones above are reopened, so {@code Context.current()} always
 * matches the innermost entered local span.
 */
final class ThreadScopes {
  private static final ThreadLocal<ThreadScopes> LOCAL = ThreadLocal.withInitial(ThreadScopes::new);

  private final List<Entry> entries = new ArrayList<>(8);

  private static final class Entry {
    final long spanId;
    final Context context;
    Scope scope;

    Entry(long spanId, Context context, Scope scope) {
      this.spanId = spanId;
      this.context = context;
      this.scope = scope;
    }
  }

  static void push(long spanId, Context context) {
    LOCAL.get().entries.add(new Entry(spanId, context, context.makeCurrent()));
  }

  /** Closes the scope of the innermost entry for {@code spanId} on this thread, if there is one. */
  static void pop(long spanId) {
    List<Entry> entries = LOCAL.get().entries;
    int at = entries.size() - 1;
    while (at >= 0 && entries.get(at).spanId != spanId) {
      at--;
    }
    if (at < 0) {
      return; // entered on another thread, or before this layer existed: nothing to close here
    }
    int last = entries.size() - 1;
    for (int i = last; i >= at; i--) {
      entries.get(i).scope.close();
    }
    entries.remove(at);
    for (int i = at; i < entries.size(); i++) {
      Entry above = entries.get(i);
      above.scope = above.context.makeCurrent();
    }
  }
}
