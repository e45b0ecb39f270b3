package io.tracebridge.demo.examples;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.tracebridge.Span;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.otel.OtelSetup;
import java.util.HashMap;
import java.util.Map;

/**
 * The seed's {@code PropagationContext}: trace context as a {@code HashMap} that travels inside a
 * message, with {@link #inject} on the sending side and {@link #extract} on the receiving side,
 * through the propagators of the installed {@link OtelSetup} ({@code OTEL_PROPAGATORS}, W3C
 * {@code traceparent} and {@code baggage} by default), or W3C when none is installed.
 *
 * @param fields the propagation headers, e.g. {@code traceparent}
 */
public record PropagationContext(Map<String, String> fields) {
  private static final TextMapPropagator W3C =
      TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  /**
   * Copies the headers.
   *
   * @param fields the propagation headers
   */
  public PropagationContext {
    fields = Map.copyOf(fields);
  }

  /**
   * Captures the context of {@code span} (its OpenTelemetry span and the current baggage).
   *
   * @param span the local span the receiver should continue
   * @return the headers to send
   */
  public static PropagationContext inject(Span span) {
    Map<String, String> fields = new HashMap<>();
    propagator().inject(OtelBridge.context(span), fields, Map::put);
    return new PropagationContext(fields);
  }

  /**
   * Rebuilds the sender's context, to pass to {@link OtelBridge#setParent}.
   *
   * @return the extracted context; {@link Context#root()} plus nothing if the headers are absent or
   *     invalid
   */
  public Context extract() {
    return propagator().extract(Context.root(), fields, GETTER);
  }

  private static TextMapPropagator propagator() {
    OtelSetup setup = OtelSetup.installed();
    return setup != null ? setup.openTelemetry().getPropagators().getTextMapPropagator() : W3C;
  }
}
