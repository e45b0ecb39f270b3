package io.tracebridge.propagation;

import com.sun.net.httpserver.Headers;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Carriers over the JDK HTTP server's {@link Headers} ({@code exchange.getRequestHeaders()} to
 * extract, {@code exchange.getResponseHeaders()} to inject). {@code Headers} already ignores case.
 * The setter replaces existing values.
 */
public final class HttpServerCarrier {
  private HttpServerCarrier() {}

  private static final TextMapGetter<Headers> GETTER =
      new TextMapGetter<>() {
        // Deprecated from OpenTelemetry 1.67, and still how Jaeger's uberctx- baggage is found.
        @SuppressWarnings("deprecation")
        @Override
        public Iterable<String> keys(Headers carrier) {
          return carrier == null ? List.of() : carrier.keySet();
        }

        @Override
        public String get(Headers carrier, String key) {
          return carrier == null || key == null ? null : carrier.getFirst(key);
        }

        @Override
        public Iterator<String> getAll(Headers carrier, String key) {
          List<String> values = carrier == null || key == null ? null : carrier.get(key);
          return values == null ? Collections.emptyIterator() : values.iterator();
        }

        @Override
        public String toString() {
          return "HttpServerCarrier.getter()";
        }
      };

  private static final TextMapSetter<Headers> SETTER =
      (carrier, key, value) -> {
        if (carrier != null && key != null && value != null) {
          carrier.set(key, value);
        }
      };

  /**
   * Returns the getter.
   *
   * @return the getter
   */
  public static TextMapGetter<Headers> getter() {
    return GETTER;
  }

  /**
   * Returns the setter.
   *
   * @return the setter
   */
  public static TextMapSetter<Headers> setter() {
    return SETTER;
  }
}
