package io.tracebridge.propagation;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Carriers over plain maps: a {@code Map<String, String>} (e.g. a {@code HashMap} inside a message)
 * and a {@code Map<String, List<String>>} for multi-valued headers. Lookups ignore case: an exact
 * match first, then a case-insensitive one. Null carriers read as empty and are never written.
 * Setters replace existing values; they never append.
 */
public final class MapCarrier {
  private MapCarrier() {}

  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        // Deprecated from OpenTelemetry 1.67, and still how Jaeger's uberctx- baggage is found.
        @SuppressWarnings("deprecation")
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier == null ? List.of() : carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          if (carrier == null || key == null) {
            return null;
          }
          String exact = carrier.get(key);
          if (exact != null) {
            return exact;
          }
          for (Map.Entry<String, String> e : carrier.entrySet()) {
            if (key.equalsIgnoreCase(e.getKey())) {
              return e.getValue();
            }
          }
          return null;
        }

        @Override
        public Iterator<String> getAll(Map<String, String> carrier, String key) {
          String value = get(carrier, key);
          return value == null ? Collections.emptyIterator() : List.of(value).iterator();
        }

        @Override
        public String toString() {
          return "MapCarrier.getter()";
        }
      };

  /** Whether {@code getter} is {@link #getter()}, which by construction has one value per key. */
  static boolean isSingleValued(TextMapGetter<?> getter) {
    return getter == GETTER;
  }

  private static final TextMapSetter<Map<String, String>> SETTER =
      (carrier, key, value) -> {
        if (carrier != null && key != null && value != null) {
          carrier.keySet().removeIf(k -> k != null && !k.equals(key) && k.equalsIgnoreCase(key));
          carrier.put(key, value);
        }
      };

  private static final TextMapGetter<Map<String, List<String>>> MULTI_GETTER =
      new TextMapGetter<>() {
        // Deprecated from OpenTelemetry 1.67, and still how Jaeger's uberctx- baggage is found.
        @SuppressWarnings("deprecation")
        @Override
        public Iterable<String> keys(Map<String, List<String>> carrier) {
          return carrier == null ? List.of() : carrier.keySet();
        }

        @Override
        public String get(Map<String, List<String>> carrier, String key) {
          List<String> values = values(carrier, key);
          return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public Iterator<String> getAll(Map<String, List<String>> carrier, String key) {
          return values(carrier, key).iterator();
        }

        private List<String> values(Map<String, List<String>> carrier, String key) {
          if (carrier == null || key == null) {
            return List.of();
          }
          List<String> exact = carrier.get(key);
          if (exact != null) {
            return exact;
          }
          for (Map.Entry<String, List<String>> e : carrier.entrySet()) {
            if (key.equalsIgnoreCase(e.getKey()) && e.getValue() != null) {
              return e.getValue();
            }
          }
          return List.of();
        }

        @Override
        public String toString() {
          return "MapCarrier.multiGetter()";
        }
      };

  private static final TextMapSetter<Map<String, List<String>>> MULTI_SETTER =
      (carrier, key, value) -> {
        if (carrier != null && key != null && value != null) {
          carrier.keySet().removeIf(k -> k != null && !k.equals(key) && k.equalsIgnoreCase(key));
          carrier.put(key, new ArrayList<>(List.of(value)));
        }
      };

  /**
   * Returns the getter for {@code Map<String, String>}.
   *
   * @return the getter
   */
  public static TextMapGetter<Map<String, String>> getter() {
    return GETTER;
  }

  /**
   * Returns the setter for {@code Map<String, String>}; the map must be mutable.
   *
   * @return the setter
   */
  public static TextMapSetter<Map<String, String>> setter() {
    return SETTER;
  }

  /**
   * Returns the getter for {@code Map<String, List<String>>}; {@code getAll} returns every value.
   *
   * @return the getter
   */
  public static TextMapGetter<Map<String, List<String>>> multiGetter() {
    return MULTI_GETTER;
  }

  /**
   * Returns the setter for {@code Map<String, List<String>>}: the key gets exactly one value.
   *
   * @return the setter
   */
  public static TextMapSetter<Map<String, List<String>>> multiSetter() {
    return MULTI_SETTER;
  }
}
