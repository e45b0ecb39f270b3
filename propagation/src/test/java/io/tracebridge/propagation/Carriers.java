package io.tracebridge.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for propagation tests. */
final class Carriers {
  private Carriers() {}

  /**
   * A multi-valued carrier from alternating names and values; a repeated name gets several values.
   */
  static Map<String, List<String>> headers(String... namesAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return map;
  }

  static Context extract(
      io.opentelemetry.context.propagation.TextMapPropagator p, String... namesAndValues) {
    return p.extract(Context.root(), headers(namesAndValues), MapCarrier.multiGetter());
  }

  static SpanContext spanContext(Context context) {
    return Span.fromContext(context).getSpanContext();
  }

  static Map<String, String> inject(
      io.opentelemetry.context.propagation.TextMapPropagator p, Context context) {
    Map<String, String> out = new HashMap<>();
    p.inject(context, out, MapCarrier.setter());
    return out;
  }

  static Context withSpan(String traceId, String spanId, int flags, TraceState state) {
    return Context.root()
        .with(
            Span.wrap(
                SpanContext.create(traceId, spanId, TraceFlags.fromByte((byte) flags), state)));
  }
}
