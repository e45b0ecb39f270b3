package io.tracebridge;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Per-span storage for subscriber layers, keyed by an object the layer owns (usually the layer itself
 * or a private static key), so that two instances of the same layer keep separate state. The
 * OpenTelemetry bridge keeps its OpenTelemetry span here; the console layer keeps pre-formatted
 * fields.
 *
 * <p>Thread-safe: reads take no lock. Keys are compared by identity.
 */
public final class Extensions {
  private static final Object[] NONE = new Object[0];

  // Key-value pairs, copied on every write, so reads need no lock: layers read their state on every
  // callback and write it once per span.
  private volatile Object[] entries = NONE;

  Extensions() {}

  /**
   * Returns the value stored under {@code key}.
   *
   * @param key the key, compared by identity
   * @return the value, or {@code null} if there is none
   */
  public Object get(Object key) {
    Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        return e[i + 1];
      }
    }
    return null;
  }

  /**
   * Returns the value stored under {@code key}, cast to {@code type}.
   *
   * @param key the key, compared by identity
   * @param type the expected type
   * @param <T> the expected type
   * @return the value, or {@code null} if there is none or it is not a {@code type}
   */
  public <T> T get(Object key, Class<T> type) {
    Object value = get(key);
    return type.isInstance(value) ? type.cast(value) : null;
  }

  /**
   * Stores {@code value} under {@code key}, replacing any previous value.
   *
   * @param key the key, compared by identity
   * @param value the value
   */
  public synchronized void put(Object key, Object value) {
    Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        Object[] copy = e.clone();
        copy[i + 1] = value;
        entries = copy;
        return;
      }
    }
    Object[] grown = Arrays.copyOf(e, e.length + 2);
    grown[e.length] = key;
    grown[e.length + 1] = value;
    entries = grown;
  }

  /**
   * Returns the value under {@code key}, first storing {@code create.apply(key)} if there is none.
   *
   * @param key the key, compared by identity
   * @param create makes the value; called at most once per key, under this object's lock
   * @param <T> the value type
   * @return the existing or new value
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T computeIfAbsent(Object key, Function<Object, T> create) {
    Object value = get(key);
    if (value == null) {
      value = create.apply(key);
      put(key, value);
    }
    return (T) value;
  }

  /**
   * Removes the value under {@code key}.
   *
   * @param key the key, compared by identity
   * @return the removed value, or {@code null}
   */
  public synchronized Object remove(Object key) {
    Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        Object value = e[i + 1];
        Object[] shrunk = new Object[e.length - 2];
        System.arraycopy(e, 0, shrunk, 0, i);
        System.arraycopy(e, i + 2, shrunk, i, e.length - i - 2);
        entries = shrunk;
        return value;
      }
    }
    return null;
  }
}
