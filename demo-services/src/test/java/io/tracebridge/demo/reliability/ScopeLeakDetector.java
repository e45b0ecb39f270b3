package io.tracebridge.demo.reliability;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our strict context check: wraps OpenTelemetry's context storage and counts, per thread, the
 * scopes attached and not yet closed, and scopes closed on a thread other than the one that opened
 * them. Once a load run has drained, every thread must be back at depth zero: a pooled thread left
 * holding a scope would hand a stale context to its next task. Install it before anything uses the
 * context.
 */
final class ScopeLeakDetector {
  private static final Map<Thread, AtomicInteger> DEPTHS = new ConcurrentHashMap<>();
  private static final AtomicLong CROSS_THREAD_CLOSES = new AtomicLong();
  private static final AtomicLong ATTACHES = new AtomicLong();
  private static volatile boolean installed;

  private ScopeLeakDetector() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    ContextStorage.addWrapper(
        delegate ->
            new ContextStorage() {
              @Override
              public Scope attach(Context toAttach) {
                Scope scope = delegate.attach(toAttach);
                Thread owner = Thread.currentThread();
                AtomicInteger depth = DEPTHS.computeIfAbsent(owner, t -> new AtomicInteger());
                depth.incrementAndGet();
                ATTACHES.incrementAndGet();
                return () -> {
                  if (Thread.currentThread() != owner) {
                    CROSS_THREAD_CLOSES.incrementAndGet();
                  }
                  depth.decrementAndGet();
                  scope.close();
                };
              }

              @Override
              public Context current() {
                return delegate.current();
              }
            });
    if (Context.current() == null) {
      throw new IllegalStateException("context storage unavailable");
    }
    installed = true;
  }

  /** Threads still holding scopes, with how many. */
  static Map<String, Integer> openScopes() {
    Map<String, Integer> open = new java.util.TreeMap<>();
    DEPTHS.forEach(
        (thread, depth) -> {
          if (depth.get() != 0) {
            open.put(thread.getName(), depth.get());
          }
        });
    return open;
  }

  static long crossThreadCloses() {
    return CROSS_THREAD_CLOSES.get();
  }

  static long attaches() {
    return ATTACHES.get();
  }

  static int threadsSeen() {
    return DEPTHS.size();
  }
}
