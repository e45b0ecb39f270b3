package io.tracebridge.okhttp;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * Propagation carriers for OkHttp: a setter for {@link Request.Builder} (inject into an outgoing
 * request) and a getter for {@link Headers} (extract from a response or a received request's
 * headers). OkHttp compares header names without case.
 *
 * <p>The setter replaces existing values ({@code Request.Builder.header}), never appends, and drops
 * a value OkHttp rejects (non-ASCII names or values) instead of throwing into the request.
 */
public final class OkHttpCarriers {
  private OkHttpCarriers() {}

  private static final TextMapSetter<Request.Builder> REQUEST_SETTER =
      (builder, key, value) -> {
        if (builder == null || key == null || value == null) {
          return;
        }
        try {
          builder.header(key, value);
        } catch (IllegalArgumentException e) {
          // OkHttp refuses the name or value: leave the header out rather than fail the call
        }
      };

  private static final TextMapGetter<Headers> HEADERS_GETTER =
      new TextMapGetter<>() {
        // Deprecated from OpenTelemetry 1.67, and still how Jaeger's uberctx- baggage is found.
        @SuppressWarnings("deprecation")
        @Override
        public Iterable<String> keys(Headers carrier) {
          return carrier == null ? List.of() : carrier.names();
        }

        @Override
        public String get(Headers carrier, String key) {
          return carrier == null || key == null ? null : carrier.get(key);
        }

        @Override
        public Iterator<String> getAll(Headers carrier, String key) {
          return carrier == null || key == null
              ? Collections.emptyIterator()
              : carrier.values(key).iterator();
        }

        @Override
        public String toString() {
          return "OkHttpCarriers.headersGetter()";
        }
      };

  /**
   * Returns the setter for an outgoing {@link Request.Builder}.
   *
   * @return the setter
   */
  public static TextMapSetter<Request.Builder> requestSetter() {
    return REQUEST_SETTER;
  }

  /**
   * Returns the getter for {@link Headers}; {@code getAll} returns every value of a name.
   *
   * @return the getter
   */
  public static TextMapGetter<Headers> headersGetter() {
    return HEADERS_GETTER;
  }
}
