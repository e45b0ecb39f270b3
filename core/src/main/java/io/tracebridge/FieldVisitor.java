package io.tracebridge;

/**
 * Receives the typed values of a set of {@link Fields}, one call per field, in recording order.
 *
 * <p>Values keep the type they were recorded with: integers arrive as {@code long}, never as text.
 * Arrays passed to the visitor are the recorded copies; a visitor must not modify them. Empty
 * fields (declared with {@link SpanBuilder#empty(String)} and not yet recorded) are not visited.
 *
 * <p>Every method has an empty default, so a visitor overrides only the types it cares about.
 */
public interface FieldVisitor {
  /**
   * Visits an integer field.
   *
   * @param name the field name
   * @param value the value
   */
  default void visitLong(String name, long value) {}

  /**
   * Visits a floating-point field.
   *
   * @param name the field name
   * @param value the value
   */
  default void visitDouble(String name, double value) {}

  /**
   * Visits a boolean field.
   *
   * @param name the field name
   * @param value the value
   */
  default void visitBoolean(String name, boolean value) {}

  /**
   * Visits a string field.
   *
   * @param name the field name
   * @param value the value
   */
  default void visitString(String name, String value) {}

  /**
   * Visits an integer array field.
   *
   * @param name the field name
   * @param value the recorded copy; do not modify
   */
  default void visitLongArray(String name, long[] value) {}

  /**
   * Visits a floating-point array field.
   *
   * @param name the field name
   * @param value the recorded copy; do not modify
   */
  default void visitDoubleArray(String name, double[] value) {}

  /**
   * Visits a boolean array field.
   *
   * @param name the field name
   * @param value the recorded copy; do not modify
   */
  default void visitBooleanArray(String name, boolean[] value) {}

  /**
   * Visits a string array field.
   *
   * @param name the field name
   * @param value the recorded copy; do not modify
   */
  default void visitStringArray(String name, String[] value) {}

  /**
   * Visits an error: a {@link Throwable} recorded with its class, message, stack trace and causes.
   *
   * @param name the field name, {@code "error"} unless the caller chose another
   * @param value the throwable
   */
  default void visitThrowable(String name, Throwable value) {}
}
