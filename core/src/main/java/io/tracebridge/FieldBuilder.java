package io.tracebridge;

import org.jspecify.annotations.Nullable;

/**
 * The typed field setters shared by {@link SpanBuilder} and {@link EventBuilder}.
 *
 * <p>Values keep their type: {@code int}, {@code short} and {@code byte} widen to {@code long},
 * {@code float} to {@code double}; a number is never turned into text. On a disabled builder every
 * setter is a no-op that allocates nothing, so primitive arguments are not even boxed. Setting a
 * name twice keeps the last value. A span or event keeps at most 128 distinct field names; further
 * new names are dropped.
 *
 * @param <B> the builder type, returned for chaining
 */
public interface FieldBuilder<B extends FieldBuilder<B>> {
  /**
   * Sets an integer field.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, long value);

  /**
   * Sets a floating-point field.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, double value);

  /**
   * Sets a boolean field.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, boolean value);

  /**
   * Sets a string field.
   *
   * @param name the field name
   * @param value the value; {@code null} is recorded as {@code "null"}
   * @return this builder
   */
  B field(String name, @Nullable String value);

  /**
   * Sets a one-character string field (without this overload a {@code char} would widen to a
   * number).
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, char value);

  /**
   * Sets an integer array field. The array is copied.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, long[] value);

  /**
   * Sets a floating-point array field. The array is copied.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, double[] value);

  /**
   * Sets a boolean array field. The array is copied.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, boolean[] value);

  /**
   * Sets a string array field. The array is copied.
   *
   * @param name the field name
   * @param value the value
   * @return this builder
   */
  B field(String name, String[] value);

  /**
   * Sets a field of another type: boxed numbers and booleans keep their type, {@code int[]} becomes
   * a {@code long[]}, other object arrays become string arrays, a {@link Throwable} becomes an
   * error, and anything else is recorded as {@code String.valueOf(value)}.
   *
   * @param name the field name
   * @param value the value, may be {@code null}
   * @return this builder
   */
  B field(String name, @Nullable Object value);
}
