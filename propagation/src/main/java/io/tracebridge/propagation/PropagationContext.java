package io.tracebridge.propagation;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Trace context as a small map that crosses a process or queue boundary inside a message.
 *
 * <pre>{@code
 * // producer, inside its span
 * String trace = PropagationContext.inject(Context.current()).toJson();
 * String message = "{\"order\":42,\"trace\":" + trace + "}";
 * // consumer
 * Context parent = PropagationContext.fromJson(traceJson).extract();
 * OtelBridge.setParent(consumerSpan, parent);     // before entering the consumer span
 * }</pre>
 *
 * <p>It serializes plainly: {@link #toJson()} writes a flat JSON object of strings, and the
 * record's one component, a {@code Map<String, String>}, is what a JSON library writes too. {@link
 * #fromJson(String)} never throws: malformed, oversized or hostile input gives {@link #empty()},
 * whose {@link #extract()} continues no trace.
 *
 * @param fields the propagation fields, e.g. {@code traceparent} and {@code baggage}
 */
public record PropagationContext(Map<String, String> fields) {
  /** The most fields kept, and the longest JSON text read. */
  static final int MAX_FIELDS = 64;

  static final int MAX_JSON = 16 * 1024;

  private static final PropagationContext EMPTY = new PropagationContext(Map.of());

  /**
   * Copies the fields, dropping null keys or values.
   *
   * @param fields the propagation fields
   */
  public PropagationContext {
    Map<String, String> copy = new LinkedHashMap<>();
    if (fields != null) {
      fields.forEach(
          (k, v) -> {
            if (k != null && v != null && copy.size() < MAX_FIELDS) {
              copy.put(k, v);
            }
          });
    }
    fields = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns a context with no fields.
   *
   * @return the empty context
   */
  public static PropagationContext empty() {
    return EMPTY;
  }

  /**
   * Injects {@code context} with the globally configured propagators ({@link
   * TracebridgePropagators#global()}: what {@code OTEL_PROPAGATORS} selects once {@code
   * GlobalOpenTelemetry} is set, else W3C trace context and baggage).
   *
   * @param context the context to carry, e.g. {@code Context.current()} or {@code
   *     OtelBridge.context(span)}
   * @return the propagation context
   */
  public static PropagationContext inject(Context context) {
    return inject(context, TracebridgePropagators.global());
  }

  /**
   * Injects {@code context} with {@code propagator}.
   *
   * @param context the context to carry
   * @param propagator the propagator
   * @return the propagation context
   */
  public static PropagationContext inject(Context context, TextMapPropagator propagator) {
    Map<String, String> fields = new HashMap<>();
    propagator.inject(Objects.requireNonNull(context, "context"), fields, MapCarrier.setter());
    return new PropagationContext(fields);
  }

  /**
   * Extracts the context with the globally configured propagators ({@link
   * TracebridgePropagators#global()}), on top of {@link Context#root()}.
   *
   * @return the extracted context
   */
  public Context extract() {
    return extract(TracebridgePropagators.global());
  }

  /**
   * Extracts the context with {@code propagator}, on top of {@link Context#root()}.
   *
   * @param propagator the propagator
   * @return the extracted context
   */
  public Context extract(TextMapPropagator propagator) {
    return propagator.extract(Context.root(), fields, MapCarrier.getter());
  }

  /**
   * Writes the fields as a flat JSON object of strings, e.g. {@code {"traceparent":"00-..."}}.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      JsonStrings.write(e.getKey(), json);
      json.append(':');
      JsonStrings.write(e.getValue(), json);
    }
    return json.append('}').toString();
  }

  /**
   * Reads what {@link #toJson()} writes: a flat JSON object whose values are strings. Never throws.
   *
   * @param json the JSON text, may be {@code null}
   * @return the propagation context, or {@link #empty()} if the text is not such an object, is
   *     longer than 16 KiB, or has more than 64 fields
   */
  public static PropagationContext fromJson(@Nullable String json) {
    if (json == null || json.length() > MAX_JSON) {
      return EMPTY;
    }
    Map<String, String> fields = JsonStrings.parseFlatObject(json, MAX_FIELDS);
    return fields == null ? EMPTY : new PropagationContext(fields);
  }
}
