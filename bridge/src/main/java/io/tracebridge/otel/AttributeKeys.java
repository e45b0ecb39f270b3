package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Shares one {@link AttributeKey} per field name and type, so a field recorded on every span does
 * not allocate a key each time. Bounded: past {@link #MAX_PER_TYPE} names per type, keys are made
 * fresh and not kept, so field names invented at runtime cannot grow it without limit.
 */
final class AttributeKeys {
  static final int MAX_PER_TYPE = 2048;

  private static final ConcurrentHashMap<String, AttributeKey<Long>> LONGS =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AttributeKey<Double>> DOUBLES =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AttributeKey<Boolean>> BOOLEANS =
      new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AttributeKey<String>> STRINGS =
      new ConcurrentHashMap<>();

  private AttributeKeys() {}

  static AttributeKey<Long> longKey(String name) {
    return shared(LONGS, name, AttributeKey::longKey);
  }

  static AttributeKey<Double> doubleKey(String name) {
    return shared(DOUBLES, name, AttributeKey::doubleKey);
  }

  static AttributeKey<Boolean> booleanKey(String name) {
    return shared(BOOLEANS, name, AttributeKey::booleanKey);
  }

  static AttributeKey<String> stringKey(String name) {
    return shared(STRINGS, name, AttributeKey::stringKey);
  }

  private static <T> AttributeKey<T> shared(
      ConcurrentHashMap<String, AttributeKey<T>> keys,
      String name,
      Function<String, AttributeKey<T>> create) {
    AttributeKey<T> key = keys.get(name);
    if (key != null) {
      return key;
    }
    key = create.apply(name);
    if (keys.size() < MAX_PER_TYPE) {
      AttributeKey<T> raced = keys.putIfAbsent(name, key);
      return raced == null ? key : raced;
    }
    return key;
  }
}
