package io.tracebridge;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Typed field storage without boxing, in as few objects as possible. {@code entries} holds each
 * field's name and then its value: the value itself for references (a {@code String}, an array, a
 * {@code Throwable}), or a {@link Tag} naming the primitive kind, whose raw bits live in {@code
 * prims}. {@code prims} is made only when the first primitive is stored. Recording a name that
 * exists replaces its value in place, so order is the order of first declaration.
 *
 * <p>Spans and events extend this class, so their fields cost no object of their own: an event with
 * one text field costs one small array. Callers synchronize when a table is shared between threads.
 */
class FieldTable implements Fields {
  static final byte EMPTY = 0;
  static final byte LONG = 1;
  static final byte DOUBLE = 2;
  static final byte BOOLEAN = 3;
  static final byte STRING = 4;
  static final byte LONG_ARRAY = 5;
  static final byte DOUBLE_ARRAY = 6;
  static final byte BOOLEAN_ARRAY = 7;
  static final byte STRING_ARRAY = 8;
  static final byte THROWABLE = 9;

  /**
   * Distinct field names one span or event keeps. Recording a new name past it is dropped (and
   * counted, see {@link DroppedFieldNames}), so a loop that invents field names cannot grow a span
   * without bound.
   */
  static final int MAX_FIELDS = Fields.MAX_FIELDS;

  private static final Object[] NO_ENTRIES = new Object[0];
  private static final String NULL_NAME = "null";
  private static final int FIRST_CAPACITY = 4;

  /** The value slot of a field whose value is not a reference: which kind it is. */
  private static final class Tag {
    final byte kind;

    Tag(byte kind) {
      this.kind = kind;
    }
  }

  private static final Tag EMPTY_TAG = new Tag(EMPTY);
  private static final Tag LONG_TAG = new Tag(LONG);
  private static final Tag DOUBLE_TAG = new Tag(DOUBLE);
  private static final Tag BOOLEAN_TAG = new Tag(BOOLEAN);

  private Object[] entries = NO_ENTRIES;
  private long[] prims;
  private int size;

  void putEmpty(String name) {
    if (indexOf(name == null ? NULL_NAME : name) < 0) {
      slot(name, EMPTY_TAG);
    }
  }

  FieldTable putLong(String name, long value) {
    int at = slot(name, LONG_TAG);
    if (at >= 0) {
      prims()[at] = value;
    }
    return this;
  }

  FieldTable putDouble(String name, double value) {
    int at = slot(name, DOUBLE_TAG);
    if (at >= 0) {
      prims()[at] = Double.doubleToRawLongBits(value);
    }
    return this;
  }

  FieldTable putBoolean(String name, boolean value) {
    int at = slot(name, BOOLEAN_TAG);
    if (at >= 0) {
      prims()[at] = value ? 1 : 0;
    }
    return this;
  }

  FieldTable putString(String name, String value) {
    slot(name, value == null ? "null" : value);
    return this;
  }

  void putThrowable(String name, Throwable value) {
    if (value == null) {
      putString(name, "null");
    } else {
      slot(name, value);
    }
  }

  /**
   * Records a value of any type: boxed primitives keep their type, primitive arrays become arrays
   * of {@code long} (from {@code int}, {@code short}, {@code byte}), {@code double} (from {@code
   * float}) or {@code boolean}, a {@code char[]} is text, a {@code Throwable} stays an error, and
   * anything else is recorded as {@code String.valueOf(value)}, much like Rust's {@code Debug}.
   *
   * @return this table
   */
  FieldTable putObject(String name, Object value) {
    if (value == null) {
      putString(name, "null");
    } else if (value instanceof String) {
      putString(name, (String) value);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      putLong(name, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      putDouble(name, ((Number) value).doubleValue());
    } else if (value instanceof Boolean) {
      putBoolean(name, (Boolean) value);
    } else if (value instanceof Character) {
      putString(name, value.toString());
    } else if (value instanceof Throwable) {
      putThrowable(name, (Throwable) value);
    } else if (value instanceof long[]) {
      slot(name, ((long[]) value).clone());
    } else if (value instanceof int[] || value instanceof short[] || value instanceof byte[]) {
      slot(name, widenToLongs(value));
    } else if (value instanceof double[]) {
      slot(name, ((double[]) value).clone());
    } else if (value instanceof float[]) {
      slot(name, widen((float[]) value));
    } else if (value instanceof char[]) {
      putString(name, new String((char[]) value));
    } else if (value instanceof boolean[]) {
      slot(name, ((boolean[]) value).clone());
    } else if (value instanceof String[]) {
      slot(name, ((String[]) value).clone());
    } else if (value instanceof Object[]) {
      slot(name, toStrings((Object[]) value));
    } else {
      putString(name, text(value));
    }
    return this;
  }

  /**
   * {@code String.valueOf}, except that an array shows its elements, never a JVM identity, and a
   * {@code toString()} that throws gives {@code <toString() threw ExceptionClass>} instead of
   * throwing into the code that recorded the value.
   */
  private static String text(Object value) {
    try {
      return unsafeText(value);
    } catch (RuntimeException | StackOverflowError e) {
      return "<toString() threw " + e.getClass().getName() + ">";
    }
  }

  private static String unsafeText(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return String.valueOf(value);
    }
    if (value instanceof Object[]) {
      return Arrays.deepToString((Object[]) value);
    }
    String wrapped = Arrays.deepToString(new Object[] {value}); // "[[1, 2]]": strip the outer pair
    return wrapped.substring(1, wrapped.length() - 1);
  }

  /** Widens an {@code int[]}, {@code short[]} or {@code byte[]} to a {@code long[]}. */
  private static long[] widenToLongs(Object array) {
    long[] out = new long[Array.getLength(array)];
    for (int i = 0; i < out.length; i++) {
      out[i] = Array.getLong(array, i);
    }
    return out;
  }

  private static double[] widen(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static String[] toStrings(Object[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = text(values[i]);
    }
    return out;
  }

  /**
   * Copies every entry of {@code other}, empty ones included, into this table.
   *
   * @return how many entries were stored; fewer than {@code other.size()} when this table is full
   */
  int putAll(FieldTable other) {
    int stored = 0;
    for (int i = 0; i < other.size; i++) {
      Object value = other.entries[2 * i + 1];
      int at = slot((String) other.entries[2 * i], value);
      if (at >= 0) {
        if (value instanceof Tag) {
          prims()[at] = other.prims == null ? 0 : other.prims[i];
        }
        stored++;
      }
    }
    return stored;
  }

  int size() {
    return size;
  }

  String name(int i) {
    return (String) entries[2 * i];
  }

  byte kind(int i) {
    Object value = entries[2 * i + 1];
    if (value instanceof Tag) {
      return ((Tag) value).kind;
    }
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof Throwable) {
      return THROWABLE;
    }
    if (value instanceof long[]) {
      return LONG_ARRAY;
    }
    if (value instanceof double[]) {
      return DOUBLE_ARRAY;
    }
    if (value instanceof boolean[]) {
      return BOOLEAN_ARRAY;
    }
    return STRING_ARRAY;
  }

  /** Removes every field, keeping the arrays for reuse. */
  void clear() {
    if (size != 0) { // never writes to an empty table, such as the one all field-less events share
      Arrays.fill(entries, 0, 2 * size, null);
      size = 0;
    }
  }

  /** Returns the first error recorded in this table, or {@code null}. */
  Throwable firstThrowable() {
    for (int i = 0; i < size; i++) {
      if (entries[2 * i + 1] instanceof Throwable) {
        return (Throwable) entries[2 * i + 1];
      }
    }
    return null;
  }

  @Override
  public boolean isEmpty() {
    for (int i = 0; i < size; i++) {
      if (entries[2 * i + 1] != EMPTY_TAG) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void visit(FieldVisitor visitor) {
    for (int i = 0; i < size; i++) {
      visitEntry(i, visitor);
    }
  }

  void visitEntry(int i, FieldVisitor visitor) {
    String name = (String) entries[2 * i];
    Object value = entries[2 * i + 1];
    switch (kind(i)) {
      case LONG:
        visitor.visitLong(name, prims[i]);
        break;
      case DOUBLE:
        visitor.visitDouble(name, Double.longBitsToDouble(prims[i]));
        break;
      case BOOLEAN:
        visitor.visitBoolean(name, prims[i] != 0);
        break;
      case STRING:
        visitor.visitString(name, (String) value);
        break;
      case LONG_ARRAY:
        visitor.visitLongArray(name, (long[]) value);
        break;
      case DOUBLE_ARRAY:
        visitor.visitDoubleArray(name, (double[]) value);
        break;
      case BOOLEAN_ARRAY:
        visitor.visitBooleanArray(name, (boolean[]) value);
        break;
      case STRING_ARRAY:
        visitor.visitStringArray(name, (String[]) value);
        break;
      case THROWABLE:
        visitor.visitThrowable(name, (Throwable) value);
        break;
      default:
        break;
    }
  }

  private int indexOf(String name) {
    Object[] e = entries;
    for (int i = 0; i < size; i++) {
      if (e[2 * i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Stores {@code value} (a reference or a tag) under {@code name}, or under {@code "null"} for a
   * null name (misuse that must not break a subscriber); returns its index, or -1.
   */
  private int slot(String fieldName, Object value) {
    String name = fieldName == null ? NULL_NAME : fieldName;
    int at = indexOf(name);
    if (at < 0) {
      if (size == MAX_FIELDS) {
        DroppedFieldNames.dropped(name);
        return -1;
      }
      if (2 * size == entries.length) {
        grow();
      }
      at = size++;
      entries[2 * at] = name;
    }
    entries[2 * at + 1] = value;
    return at;
  }

  private long[] prims() {
    long[] p = prims;
    if (p == null) {
      prims = p = new long[entries.length / 2];
    }
    return p;
  }

  private void grow() {
    // 4, then 16, then doubling: most events have a few fields, spans of integrations about ten.
    int capacity =
        size == 0 ? FIRST_CAPACITY : size == FIRST_CAPACITY ? 4 * FIRST_CAPACITY : size * 2;
    entries = Arrays.copyOf(entries, 2 * capacity);
    if (prims != null) {
      prims = Arrays.copyOf(prims, capacity);
    }
  }
}
