package io.tracebridge.propagation;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * The process-wide propagator, looked up when it is used rather than when an integration is built,
 * so an interceptor built before {@code OtelSetup}, the Java agent or a framework registers the
 * global OpenTelemetry still uses what it configured ({@code OTEL_PROPAGATORS}).
 *
 * <p>{@code GlobalOpenTelemetry}'s accessors take a lock, so it is not asked on every use: the
 * first propagator found (or the one {@code OtelSetup} installs with {@link
 * TracebridgePropagators#setDefault}) is cached and then read with one volatile read; until one is
 * found, a use on the request path asks {@code GlobalOpenTelemetry} at most once a millisecond, and
 * W3C trace context and baggage are used meanwhile. {@link TracebridgePropagators#global()} asks
 * every time until one is found.
 */
final class GlobalPropagator implements TextMapPropagator {
  static final GlobalPropagator INSTANCE = new GlobalPropagator();
  private static final long POLL_NANOS = 1_000_000L;

  private volatile TextMapPropagator cached;
  private volatile long nextPoll = System.nanoTime();

  private GlobalPropagator() {}

  /** For a use on the request path: asks {@code GlobalOpenTelemetry} at most once a millisecond. */
  private TextMapPropagator delegate() {
    TextMapPropagator c = cached;
    if (c != null) {
      return c;
    }
    long now = System.nanoTime();
    if (now - nextPoll < 0) {
      return TracebridgePropagators.DEFAULT;
    }
    nextPoll = now + POLL_NANOS;
    return now();
  }

  /** The process-wide propagator right now: asks {@code GlobalOpenTelemetry} until one is found. */
  TextMapPropagator now() {
    TextMapPropagator c = cached;
    if (c != null) {
      return c;
    }
    if (!GlobalOpenTelemetry.isSet()) {
      return TracebridgePropagators.DEFAULT;
    }
    c = GlobalOpenTelemetry.getOrNoop().getPropagators().getTextMapPropagator();
    cached = c;
    return c;
  }

  void set(TextMapPropagator propagator) {
    cached = propagator;
  }

  void reset() {
    cached = null;
    nextPoll = System.nanoTime();
  }

  @Override
  public Collection<String> fields() {
    return delegate().fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    delegate().inject(context, carrier, setter);
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    return delegate().extract(context, carrier, getter);
  }

  @Override
  public String toString() {
    return "GlobalPropagator{" + delegate() + "}";
  }
}
