package io.tracebridge.propagation;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * What every propagator does with a {@code null} argument, once: inject with no context or no
 * setter writes nothing; extract with no context returns the root context, and with no getter the
 * context it was given. Never a {@code NullPointerException} into the request.
 */
abstract class NullSafePropagator implements TextMapPropagator {
  @Override
  public final <C> void inject(
      @Nullable Context context, C carrier, @Nullable TextMapSetter<C> setter) {
    if (context != null && setter != null) {
      injectInto(context, carrier, setter);
    }
  }

  @Override
  public final <C> Context extract(
      @Nullable Context context, C carrier, @Nullable TextMapGetter<C> getter) {
    if (context == null) {
      return Context.root();
    }
    return getter == null ? context : extractFrom(context, carrier, getter);
  }

  /** Injects {@code context} into {@code carrier}; both arguments but the carrier are non-null. */
  abstract <C> void injectInto(Context context, C carrier, TextMapSetter<C> setter);

  /**
   * Extracts from {@code carrier} onto {@code context}; both arguments but the carrier are
   * non-null.
   */
  abstract <C> Context extractFrom(Context context, C carrier, TextMapGetter<C> getter);
}
