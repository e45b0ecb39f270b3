package io.tracebridge;

import java.util.function.Function;

/**
 * Per-span storage for subscriber layers, keyed by an object the layer owns (usually the layer itself
 * or a private static key), so that two instances of the same layer keep separate state. The
 * OpenTelemetry bridge keeps its OpenTelemetry span here; the console layer keeps pre-formatted
 * fields.
 *
 * <p>Thread-safe. Keys are compared by identity.
 */
public final class Extensions {
  private Object[] entries = new Object[4];
  private int size;

  Extensions() {}

  /**
   * Returns the value stored under {@code key}.
   *
   * @param key the key, compared by identity
   * @return the value, or {@code null} if there is none
   */
  public synchronized Object get(Object key) {
    for (int i = 0; i < size; i += 2) {
      if (entries[i] == key) {
        return entries[i + 1];
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
    for (int i = 0; i < size; i += 2) {
      if (entries[i] == key) {
        entries[i + 1] = value;
        return;
      }
    }
    if (size == entries.length) {
      entries = java.util.Arrays.copyOf(entries, size * 2);
    }
    entries[size++] = key;
    entries[size++] = value;
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
    for (int i = 0; i < size; i += 2) {
      if (entries[i] == key) {
        Object value = entries[i + 1];
        System.arraycopy(entries, i + 2, entries, i, size - i - 2);
        size -= 2;
        entries[size] = null;
        entries[size + 1] = null;
        return value;
      }
    }
    return null;
  }
}
