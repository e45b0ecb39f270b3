package io.tracebridge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read-only view of typed field values, as handed to subscribers.
 *
 * <p>Implementations are thread-safe; a view of a live span reflects values recorded later.
 */
public interface Fields {
  /**
   * The most distinct field names one span or event keeps. A new name recorded past it is dropped,
   * so code that invents field names in a loop cannot grow a span without bound. Layers may rely on
   * it: a span never carries more than this many fields. A dropped name is never silent: the first
   * drop in the process is logged at WARNING (logger {@code io.tracebridge.Fields}), and every drop
   * is counted in {@link #droppedNameCount()}.
   */
  int MAX_FIELDS = 128;

  /**
   * Returns how many field names have been dropped in this process because their span or event
   * already held {@link #MAX_FIELDS} distinct names. Each recording of a dropped name counts once.
   *
   * @return the number of dropped field names since the process started
   */
  static long droppedNameCount() {
    return DroppedFieldNames.count();
  }

  /**
   * Calls {@code visitor} once per non-empty field, in recording order.
   *
   * @param visitor the visitor
   */
  void visit(FieldVisitor visitor);

  /**
   * Returns whether there is no non-empty field.
   *
   * @return {@code true} if {@link #visit} would make no call
   */
  boolean isEmpty();

  /**
   * Copies the fields into a map, boxing primitives ({@code Long}, {@code Double}, {@code Boolean})
   * and copying arrays. Meant for tests and diagnostics; subscribers on a hot path use {@link
   * #visit}.
   *
   * @return an unmodifiable, insertion-ordered map
   */
  default Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    visit(
        new FieldVisitor() {
          @Override
          public void visitLong(String name, long value) {
            map.put(name, value);
          }

          @Override
          public void visitDouble(String name, double value) {
            map.put(name, value);
          }

          @Override
          public void visitBoolean(String name, boolean value) {
            map.put(name, value);
          }

          @Override
          public void visitString(String name, String value) {
            map.put(name, value);
          }

          @Override
          public void visitLongArray(String name, long[] value) {
            map.put(name, value.clone());
          }

          @Override
          public void visitDoubleArray(String name, double[] value) {
            map.put(name, value.clone());
          }

          @Override
          public void visitBooleanArray(String name, boolean[] value) {
            map.put(name, value.clone());
          }

          @Override
          public void visitStringArray(String name, String[] value) {
            map.put(name, value.clone());
          }

          @Override
          public void visitThrowable(String name, Throwable value) {
            map.put(name, value);
          }
        });
    return Collections.unmodifiableMap(map);
  }
}
