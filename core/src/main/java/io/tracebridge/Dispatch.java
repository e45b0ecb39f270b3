package io.tracebridge;

import io.tracebridge.context.Envelope;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.subscriber.Subscriber;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decides which {@link Subscriber} receives spans and events: a global default set once at startup,
 * optionally overridden on one thread by a scoped default (mainly for tests).
 *
 * <p>Until a global default is set, everything is disabled and costs a level check. A subscriber
 * that is not a {@link Registry} is wrapped in one, so it gets the registry's isolation: its
 * exceptions never reach the application.
 *
 * <p>The context helpers ({@link ContextSnapshot}, {@link TracingExecutors}, {@link TracedFuture},
 * {@link Envelope}) carry a scoped default to the threads that run captured work, so a test that
 * installs a recording subscriber with {@link #withDefault(Subscriber, Runnable)} sees the spans
 * its code makes on pool threads too.
 */
public final class Dispatch {
  private static final Object LOCK = new Object();

  private static volatile Registry global = Registry.EMPTY;
  private static boolean globalSet;

  /** Changes whenever the set of live subscribers or their interest may change. */
  static volatile int epoch = 1;

  /** The most verbose level ordinal any live subscriber may enable; 5 means none. */
  static volatile int minOrdinal = 5;

  /** How many distinct scoped registries are installed on some thread. */
  static volatile int scopedLive;

  // Guarded by LOCK.
  private static final Map<Registry, int[]> LIVE = new IdentityHashMap<>();
  private static volatile Registry[] liveScoped = new Registry[0];

  private Dispatch() {}

  /**
   * Sets the global default subscriber. Call it once, at startup.
   *
   * @param subscriber the subscriber, usually a {@link Registry}
   * @throws IllegalStateException if a global default was already set
   * @throws IllegalArgumentException if the system property {@code tracebridge.max_level} is not a
   *     level; the message names the value
   */
  public static void setGlobalDefault(Subscriber subscriber) {
    StaticMaxLevel.checkValid();
    Registry registry = Registry.of(subscriber);
    synchronized (LOCK) {
      if (globalSet) {
        throw new IllegalStateException(
            "a global default subscriber is already set ("
                + global
                + "); it can be set once, at startup. Use Dispatch.setDefault for a scoped one.");
      }
      global = registry;
      globalSet = true;
      recompute();
    }
  }

  /**
   * Returns whether a global default subscriber has been set.
   *
   * @return {@code true} once {@link #setGlobalDefault} succeeded
   */
  public static boolean hasGlobalDefault() {
    synchronized (LOCK) {
      return globalSet;
    }
  }

  /**
   * Makes {@code subscriber} the default on the calling thread until the returned scope is closed,
   * on this thread. Scopes nest.
   *
   * @param subscriber the subscriber
   * @return the scope that restores the previous default
   */
  public static Scope setDefault(Subscriber subscriber) {
    return install(Registry.of(subscriber));
  }

  /**
   * Runs {@code action} with {@code subscriber} as the default on the calling thread (and on the
   * threads that run work it hands off through the context helpers).
   *
   * @param subscriber the subscriber
   * @param action the action; its exceptions propagate unchanged
   */
  public static void withDefault(Subscriber subscriber, Runnable action) {
    try (Scope ignored = setDefault(subscriber)) {
      action.run();
    }
  }

  /**
   * Like {@link #withDefault(Subscriber, Runnable)}, returning the action's result.
   *
   * @param subscriber the subscriber
   * @param action the action; its exceptions propagate unchanged
   * @param <T> the result type
   * @return what {@code action} returned
   */
  public static <T> T withDefault(Subscriber subscriber, Supplier<T> action) {
    try (Scope ignored = setDefault(subscriber)) {
      return action.get();
    }
  }

  /**
   * Drops every cached level decision, so that subscribers and filters are asked again. Call it
   * after changing a filter at run time.
   */
  public static void rebuildInterestCache() {
    synchronized (LOCK) {
      recompute();
    }
  }

  /** Installs {@code registry} as the scoped default on this thread. */
  static Scope install(Registry registry) {
    ThreadState ts = ThreadState.get();
    Registry previous = ts.scoped;
    if (registry == previous) {
      return Scope.NOOP;
    }
    retain(registry);
    ts.scoped = registry;
    return new Scope() {
      private boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          ts.scoped = previous;
          release(registry);
        }
      }
    };
  }

  /** Returns the registry that receives what the calling thread creates. */
  static Registry current() {
    if (scopedLive == 0) {
      return global;
    }
    Registry scoped = ThreadState.get().scoped;
    return scoped != null ? scoped : global;
  }

  /** Returns the scoped registry of the calling thread, or {@code null}. */
  static Registry currentScoped() {
    return scopedLive == 0 ? null : ThreadState.get().scoped;
  }

  /**
   * Returns the interest of every live registry in {@code target} (one bit per level), with the
   * global registry's layer masks, for a tracer to cache until {@code epoch} passes.
   */
  static Interest interest(String target, int epoch) {
    Registry g = global;
    long[] masks = g.layerMasks(target);
    int levels = levelsSeen(masks);
    for (Registry r : liveScoped) {
      levels |= levelsSeen(r.layerMasks(target));
    }
    return new Interest(epoch, levels, g, masks);
  }

  /** One bit per level at which some layer of the masks' registry sees the target. */
  private static int levelsSeen(long[] masks) {
    int levels = 0;
    for (Level level : Level.values()) {
      if (masks[level.ordinal()] != 0) {
        levels |= level.bit();
      }
    }
    return levels;
  }

  private static void retain(Registry registry) {
    synchronized (LOCK) {
      int[] count = LIVE.computeIfAbsent(registry, r -> new int[1]);
      if (count[0]++ == 0) {
        recompute();
      }
    }
  }

  private static void release(Registry registry) {
    synchronized (LOCK) {
      int[] count = LIVE.get(registry);
      if (count != null && --count[0] == 0) {
        LIVE.remove(registry);
        recompute();
      }
    }
  }

  private static void recompute() {
    Registry[] scoped = LIVE.keySet().toArray(new Registry[0]);
    int min = ordinalOf(global.maxLevelHint());
    for (Registry r : scoped) {
      min = Math.min(min, ordinalOf(r.maxLevelHint()));
    }
    liveScoped = scoped;
    scopedLive = scoped.length;
    minOrdinal = min;
    epoch = (epoch + 1) & Tracer.EPOCH_MASK;
  }

  private static int ordinalOf(Level level) {
    return level == null ? 5 : level.ordinal();
  }

  /** Returns the global default, for diagnostics. */
  static Registry global() {
    return Objects.requireNonNull(global);
  }
}
