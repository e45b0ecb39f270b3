package io.tracebridge.grpc;

import io.grpc.Metadata;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Propagation carriers for gRPC {@link Metadata}.
 *
 * <ul>
 *   <li>Only ASCII keys are used: {@code :}-prefixed pseudo-headers and binary ({@code -bin}) keys
 *       are skipped by both getter and setter.
 *   <li>Keys are lowercased, as gRPC requires.
 *   <li>The setter replaces existing values of a key; it never appends.
 *   <li>{@code getAll} returns every value of a key, in order.
 *   <li>A key or value gRPC rejects is skipped instead of throwing into the call.
 * </ul>
 */
public final class GrpcMetadataCarrier {
  /**
   * How many distinct header names keep their {@code Metadata.Key}; names past it get a fresh key.
   */
  static final int MAX_CACHED_KEYS = 256;

  // Propagators ask for the same few names on every call; a Metadata.Key costs two allocations.
  private static final ConcurrentHashMap<String, Metadata.Key<String>> KEYS =
      new ConcurrentHashMap<>();

  private GrpcMetadataCarrier() {}

  private static Metadata.Key<String> key(String name) {
    if (name == null) {
      return null;
    }
    Metadata.Key<String> cached = KEYS.get(name);
    if (cached != null) {
      return cached;
    }
    if (name.isEmpty() || name.startsWith(":") || name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
      return null;
    }
    Metadata.Key<String> made;
    try {
      made = Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (KEYS.size() < MAX_CACHED_KEYS) {
      KEYS.putIfAbsent(name, made);
    }
    return made;
  }

  private static final TextMapGetter<Metadata> GETTER =
      new TextMapGetter<>() {
        // Deprecated from OpenTelemetry 1.67, and still how Jaeger's uberctx- baggage is found.
        @SuppressWarnings("deprecation")
        @Override
        public Iterable<String> keys(Metadata carrier) {
          if (carrier == null) {
            return List.of();
          }
          List<String> keys = new ArrayList<>();
          for (String k : carrier.keys()) {
            if (key(k) != null) {
              keys.add(k);
            }
          }
          return keys;
        }

        @Override
        public String get(Metadata carrier, String name) {
          Metadata.Key<String> k = key(name);
          return carrier == null || k == null ? null : carrier.get(k);
        }

        @Override
        public Iterator<String> getAll(Metadata carrier, String name) {
          Metadata.Key<String> k = key(name);
          Iterable<String> values = carrier == null || k == null ? null : carrier.getAll(k);
          return values == null ? Collections.emptyIterator() : values.iterator();
        }

        @Override
        public String toString() {
          return "GrpcMetadataCarrier.getter()";
        }
      };

  private static final TextMapSetter<Metadata> SETTER =
      (carrier, name, value) -> {
        Metadata.Key<String> k = key(name);
        if (carrier == null || k == null || value == null) {
          return;
        }
        try {
          carrier.removeAll(k);
          carrier.put(k, value);
        } catch (IllegalArgumentException e) {
          // gRPC refuses the value: leave it out rather than fail the call
        }
      };

  /**
   * Returns the getter.
   *
   * @return the getter
   */
  public static TextMapGetter<Metadata> getter() {
    return GETTER;
  }

  /**
   * Returns the setter.
   *
   * @return the setter
   */
  public static TextMapSetter<Metadata> setter() {
    return SETTER;
  }
}
