package io.tracebridge.subscriber;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Per-span storage for subscriber layers, keyed by an object the layer owns (usually the layer
 * itself or a private static key), so that two instances of the same layer keep separate state. The
 * OpenTelemetry bridge keeps its OpenTelemetry span here; the console layer keeps pre-formatted
 * fields.
 *
 * <p>Thread-safe: reads take no lock. Keys are compared by identity.
 *
 * <p>Not final so that a span implementation can extend it and be its own storage, one object fewer
 * per span (tracebridge's own spans do); every method is final. Writes then lock the span object,
 * and {@link #computeIfAbsent}'s function runs under that lock.
 */
public class Extensions {
  private static final Object[] NONE = new Object[0];
  private static final VarHandle KEY0;
  private static final VarHandle VALUE0;
  private static final VarHandle KEY1;
  private static final VarHandle VALUE1;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      KEY0 = lookup.findVarHandle(Extensions.class, "key0", Object.class);
      VALUE0 = lookup.findVarHandle(Extensions.class, "value0", Object.class);
      KEY1 = lookup.findVarHandle(Extensions.class, "key1", Object.class);
      VALUE1 = lookup.findVarHandle(Extensions.class, "value1", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Most spans carry one or two layers' state, so the first two entries live in fields and cost no
  // array; further ones are key-value pairs in `more`, copied on every write. Writes take the lock.
  // Reads take none: layers read their state on every callback and write it about once per span.
  // A slot's key is set once and never changes (a removed entry leaves its key, with a null value,
  // and the same key reuses the slot), and a value is released before its key, so a reader that
  // acquires a key sees that key's value and never another key's.
  private Object key0;
  private Object value0;
  private Object key1;
  private Object value1;
  private volatile Object[] more = NONE;

  /**
   * Creates an empty map; each span implementation owns one, or is one, and returns it from {@link
   * SpanData#extensions()}.
   */
  public Extensions() {}

  /**
   * Returns the value stored under {@code key}.
   *
   * @param key the key, compared by identity
   * @return the value, or {@code null} if there is none
   */
  public final @Nullable Object get(Object key) {
    if (key == null) {
      return null;
    }
    if (KEY0.getAcquire(this) == key) {
      return VALUE0.getAcquire(this);
    }
    if (KEY1.getAcquire(this) == key) {
      return VALUE1.getAcquire(this);
    }
    Object[] e = more;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        return e[i + 1];
      }
    }
    return null;
  }

  /**
   * Returns the first value, under any key, that is a {@code type}: how a layer finds what another
   * layer shares through a public interface (such as {@link TraceIds}) without knowing its key.
   *
   * @param type the type looked for
   * @param <T> the type looked for
   * @return the value, or {@code null} if none is a {@code type}
   */
  public final <T> @Nullable T find(Class<T> type) {
    Object v = VALUE0.getAcquire(this);
    if (type.isInstance(v)) {
      return type.cast(v);
    }
    v = VALUE1.getAcquire(this);
    if (type.isInstance(v)) {
      return type.cast(v);
    }
    Object[] e = more;
    for (int i = 1; i < e.length; i += 2) {
      if (type.isInstance(e[i])) {
        return type.cast(e[i]);
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
  public final <T> @Nullable T get(Object key, Class<T> type) {
    Object value = get(key);
    return type.isInstance(value) ? type.cast(value) : null;
  }

  /**
   * Stores {@code value} under {@code key}, replacing any previous value.
   *
   * @param key the key, compared by identity
   * @param value the value
   * @throws NullPointerException if {@code key} is {@code null}
   */
  public final synchronized void put(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    if (key0 == key) {
      VALUE0.setRelease(this, value);
    } else if (key1 == key) {
      VALUE1.setRelease(this, value);
    } else if (!replaceInMore(key, value)) {
      if (key0 == null) {
        VALUE0.setRelease(this, value);
        KEY0.setRelease(this, key);
      } else if (key1 == null) {
        VALUE1.setRelease(this, value);
        KEY1.setRelease(this, key);
      } else {
        Object[] e = more;
        Object[] grown = Arrays.copyOf(e, e.length + 2);
        grown[e.length] = key;
        grown[e.length + 1] = value;
        more = grown;
      }
    }
  }

  private boolean replaceInMore(Object key, Object value) {
    Object[] e = more;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        Object[] copy = e.clone();
        copy[i + 1] = value;
        more = copy;
        return true;
      }
    }
    return false;
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
  public final synchronized <T> T computeIfAbsent(Object key, Function<Object, T> create) {
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
  public final synchronized @Nullable Object remove(Object key) {
    if (key == null) {
      return null;
    }
    Object value;
    if (key0 == key) {
      value = value0;
      VALUE0.setRelease(this, null);
      return value;
    }
    if (key1 == key) {
      value = value1;
      VALUE1.setRelease(this, null);
      return value;
    }
    Object[] e = more;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        value = e[i + 1];
        Object[] shrunk = new Object[e.length - 2];
        System.arraycopy(e, 0, shrunk, 0, i);
        System.arraycopy(e, i + 2, shrunk, i, e.length - i - 2);
        more = shrunk;
        return value;
      }
    }
    return null;
  }
}
