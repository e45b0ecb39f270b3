package io.tracebridge;

import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.Filter;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Logger;

/**
 * Composes subscriber layers, each behind its own {@link Filter}, into one {@link Subscriber}:
 * {@code tracing-subscriber}'s {@code Registry} with per-layer filters.
 *
 * <pre>{@code
 * Registry registry = Registry.builder()
 *     .with(FmtLayer.builder().build(), EnvFilter.parse("info,com.acme.db=debug"))
 *     .with(otelLayer, Filter.atLeast(Level.DEBUG))
 *     .build();
 * Dispatch.setGlobalDefault(registry);
 * }</pre>
 *
 * <p>A layer sees a span only if its filter and its own {@link Subscriber#enabled} pass the span's
 * level and target; it then sees every later callback of that span, and nothing of spans it did not
 * see. Events are filtered per layer the same way.
 *
 * <p><b>Isolation.</b> A layer that throws is caught: the first failure of each layer is logged at
 * WARNING through {@code java.util.logging} (logger {@code io.tracebridge.Registry}), later ones
 * are only counted ({@link #failureCount()}), the layer stays installed, and the application never
 * sees the exception. A {@link VirtualMachineError} is rethrown.
 *
 * <p>Thread-safe and immutable once built.
 */
public final class Registry implements Subscriber {
  private static final Logger LOG = Logger.getLogger(Registry.class.getName());
  private static final int MAX_LAYERS = 63;

  /** A layer mask meaning "not computed yet": all 64 bits, which 63 layers can never need. */
  static final long UNKNOWN_MASK = -1L;

  static final Registry EMPTY = new Registry(new Subscriber[0], new Filter[0]);

  private final Subscriber[] layers;
  private final Filter[] filters;
  private final AtomicLongArray failures;
  private final Level maxLevelHint;

  private Registry(Subscriber[] layers, Filter[] filters) {
    this.layers = layers;
    this.filters = filters;
    this.failures = new AtomicLongArray(Math.max(layers.length, 1));
    Level most = null;
    for (int i = 0; i < layers.length; i++) {
      Level hint = lessVerbose(filters[i].maxLevelHint(), layers[i].maxLevelHint());
      if (hint != null && (most == null || hint.ordinal() < most.ordinal())) {
        most = hint;
      }
    }
    this.maxLevelHint = most;
  }

  private static Level lessVerbose(Level a, Level b) {
    if (a == null || b == null) {
      return null;
    }
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns {@code subscriber} itself if it is a registry, or a registry with it as the only layer.
   */
  static Registry of(Subscriber subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    return subscriber instanceof Registry
        ? (Registry) subscriber
        : new Builder().with(subscriber).build();
  }

  /**
   * Returns how many times layers of this registry have thrown, in total.
   *
   * @return the failure count
   */
  public long failureCount() {
    long total = 0;
    for (int i = 0; i < layers.length; i++) {
      total += failures.get(i);
    }
    return total;
  }

  /** Returns the layers, in the order they were added. */
  List<Subscriber> layers() {
    return List.of(layers);
  }

  private boolean layerEnabled(int i, Level level, String target) {
    try {
      return filters[i].enabled(level, target) && layers[i].enabled(level, target);
    } catch (Throwable t) {
      failed(i, "enabled", t);
      return false;
    }
  }

  private long layersFor(Level level, String target) {
    long mask = 0;
    for (int i = 0; i < layers.length; i++) {
      if (layerEnabled(i, level, target)) {
        mask |= 1L << i;
      }
    }
    return mask;
  }

  private long maskOf(SpanData span) {
    if (span instanceof SpanImpl && ((SpanImpl) span).registry == this) {
      long mask = ((SpanImpl) span).layerMask;
      if (mask != UNKNOWN_MASK) {
        return mask;
      }
    }
    return layersFor(span.level(), span.target());
  }

  /** Returns, per level ordinal, the layers that see {@code target} at that level. */
  long[] layerMasks(String target) {
    Level[] levels = Level.values();
    long[] masks = new long[levels.length];
    for (Level level : levels) {
      masks[level.ordinal()] = layersFor(level, target);
    }
    return masks;
  }

  private void failed(int i, String callback, Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    if (failures.getAndIncrement(i) == 0) {
      LOG.log(
          java.util.logging.Level.WARNING,
          "tracebridge layer "
              + layers[i]
              + " threw from "
              + callback
              + "; the application is unaffected, the layer stays installed, and later failures"
              + " of this layer are only counted",
          t);
    }
  }

  @Override
  public boolean enabled(Level level, String target) {
    return layersFor(level, target) != 0;
  }

  @Override
  public Level maxLevelHint() {
    return maxLevelHint;
  }

  @Override
  public void onNewSpan(SpanData span) {
    long mask = maskOf(span);
    if (span instanceof SpanImpl && ((SpanImpl) span).registry == this) {
      ((SpanImpl) span).layerMask = mask;
    }
    fanOut(mask, "onNewSpan", span, null, ON_NEW_SPAN);
  }

  @Override
  public void onEnter(SpanData span) {
    fanOut(maskOf(span), "onEnter", span, null, ON_ENTER);
  }

  @Override
  public void onExit(SpanData span) {
    fanOut(maskOf(span), "onExit", span, null, ON_EXIT);
  }

  @Override
  public void onRecord(SpanData span, Fields values) {
    fanOut(maskOf(span), "onRecord", span, values, ON_RECORD);
  }

  @Override
  public void onFollowsFrom(SpanData span, SpanData follows) {
    fanOut(maskOf(span), "onFollowsFrom", span, follows, ON_FOLLOWS_FROM);
  }

  @Override
  public void onEvent(EventData event) {
    long mask = UNKNOWN_MASK;
    if (event instanceof EventImpl && ((EventImpl) event).registry == this) {
      mask = ((EventImpl) event).layerMask();
    }
    for (int i = 0; i < layers.length; i++) {
      if (mask == UNKNOWN_MASK
          ? layerEnabled(i, event.level(), event.target())
          : (mask & (1L << i)) != 0) {
        try {
          layers[i].onEvent(event);
        } catch (Throwable t) {
          failed(i, "onEvent", t);
        }
      }
    }
  }

  @Override
  public void onClose(SpanData span) {
    fanOut(maskOf(span), "onClose", span, null, ON_CLOSE);
  }

  /** A callback on one layer with up to two arguments; the constants below allocate nothing. */
  @FunctionalInterface
  private interface Callback<A, B> {
    void call(Subscriber layer, A a, B b);
  }

  private static final Callback<SpanData, Void> ON_NEW_SPAN =
      (layer, span, unused) -> layer.onNewSpan(span);
  private static final Callback<SpanData, Void> ON_ENTER =
      (layer, span, unused) -> layer.onEnter(span);
  private static final Callback<SpanData, Void> ON_EXIT =
      (layer, span, unused) -> layer.onExit(span);
  private static final Callback<SpanData, Fields> ON_RECORD = Subscriber::onRecord;
  private static final Callback<SpanData, SpanData> ON_FOLLOWS_FROM = Subscriber::onFollowsFrom;
  private static final Callback<SpanData, Void> ON_CLOSE =
      (layer, span, unused) -> layer.onClose(span);

  /**
   * Calls {@code callback} on every layer in {@code mask}, in order; a layer that throws is
   * reported (see {@link #failed}) and the others still run.
   */
  private <A, B> void fanOut(long mask, String name, A a, B b, Callback<A, B> callback) {
    for (int i = 0; i < layers.length; i++) {
      if ((mask & (1L << i)) != 0) {
        try {
          callback.call(layers[i], a, b);
        } catch (Throwable t) {
          failed(i, name, t);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Registry" + List.of(layers);
  }

  /** Collects layers and their filters. Not thread-safe. */
  public static final class Builder {
    private final List<Subscriber> layers = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a layer that sees whatever its own {@link Subscriber#enabled} accepts.
     *
     * @param layer the layer
     * @return this builder
     * @throws IllegalArgumentException if {@code layer} is a {@code Registry}, or there are already
     *     63 layers
     */
    public Builder with(Subscriber layer) {
      return with(layer, Filter.all());
    }

    /**
     * Adds a layer behind {@code filter}.
     *
     * @param layer the layer
     * @param filter decides what the layer sees
     * @return this builder
     * @throws IllegalArgumentException if {@code layer} is a {@code Registry}, or there are already
     *     63 layers
     */
    public Builder with(Subscriber layer, Filter filter) {
      Objects.requireNonNull(layer, "layer");
      Objects.requireNonNull(filter, "filter");
      if (layer instanceof Registry) {
        throw new IllegalArgumentException(
            "a Registry cannot be a layer of another Registry: add its layers instead ("
                + layer
                + ")");
      }
      if (layers.size() == MAX_LAYERS) {
        throw new IllegalArgumentException(
            "a Registry holds at most " + MAX_LAYERS + " layers; cannot add " + layer);
      }
      layers.add(layer);
      filters.add(filter);
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the registry
     */
    public Registry build() {
      return new Registry(layers.toArray(new Subscriber[0]), filters.toArray(new Filter[0]));
    }
  }
}
