package io.tracebridge;

import java.util.Arrays;

/**
 * Typed field storage without boxing: primitives live in {@code prims} as raw bits, everything else
 * in {@code refs}. Recording a name that exists replaces its value in place, so order is the order of
 * first declaration. Callers synchronize when a table is shared between threads.
 */
final class FieldTable implements Fields {
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

  /** The fields of an event that has none. Never written: writers always get a table of their own. */
  static final FieldTable NONE = new FieldTable();

  private static final String[] NO_NAMES = new String[0];
  private static final byte[] NO_KINDS = new byte[0];
  private static final long[] NO_PRIMS = new long[0];
  private static final Object[] NO_REFS = new Object[0];

  private String[] names = NO_NAMES;
  private byte[] kinds = NO_KINDS;
  private long[] prims = NO_PRIMS;
  private Object[] refs = NO_REFS;
  private int size;
  private int dropped;

  /**
   * Distinct field names one span or event keeps. Recording a new name past it is dropped and
   * counted, so a loop that invents field names cannot grow a span without bound.
   */
  static final int MAX_FIELDS = 128;

  void putEmpty(String name) {
    if (indexOf(name) < 0) {
      slot(name, EMPTY);
    }
  }

  void putLong(String name, long value) {
    int at = slot(name, LONG);
    if (at >= 0) {
      prims[at] = value;
    }
  }

  void putDouble(String name, double value) {
    int at = slot(name, DOUBLE);
    if (at >= 0) {
      prims[at] = Double.doubleToRawLongBits(value);
    }
  }

  void putBoolean(String name, boolean value) {
    int at = slot(name, BOOLEAN);
    if (at >= 0) {
      prims[at] = value ? 1 : 0;
    }
  }

  void putString(String name, String value) {
    int at = slot(name, STRING);
    if (at >= 0) {
      refs[at] = value;
    }
  }

  void putThrowable(String name, Throwable value) {
    int at = slot(name, THROWABLE);
    if (at >= 0) {
      refs[at] = value;
    }
  }

  void putRef(String name, byte kind, Object value) {
    int at = slot(name, kind);
    if (at >= 0) {
      refs[at] = value;
    }
  }

  /**
   * Records a value of any type: boxed primitives keep their type, primitive arrays become arrays of
   * {@code long}, {@code double} or {@code boolean}, a {@code Throwable} stays an error, and
   * anything else is recorded as {@code String.valueOf(value)}, much like Rust's {@code Debug}.
   */
  void putObject(String name, Object value) {
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
      putRef(name, LONG_ARRAY, ((long[]) value).clone());
    } else if (value instanceof int[]) {
      putRef(name, LONG_ARRAY, Arrays.stream((int[]) value).asLongStream().toArray());
    } else if (value instanceof double[]) {
      putRef(name, DOUBLE_ARRAY, ((double[]) value).clone());
    } else if (value instanceof boolean[]) {
      putRef(name, BOOLEAN_ARRAY, ((boolean[]) value).clone());
    } else if (value instanceof String[]) {
      putRef(name, STRING_ARRAY, ((String[]) value).clone());
    } else if (value instanceof Object[]) {
      putRef(name, STRING_ARRAY, toStrings((Object[]) value));
    } else {
      putString(name, String.valueOf(value));
    }
  }

  private static String[] toStrings(Object[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = String.valueOf(values[i]);
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
      int at = slot(other.names[i], other.kinds[i]);
      if (at >= 0) {
        prims[at] = other.prims[i];
        refs[at] = other.refs[i];
        stored++;
      }
    }
    return stored;
  }

  /** Returns how many new field names were dropped because the table was full. */
  int dropped() {
    return dropped;
  }

  int size() {
    return size;
  }

  String name(int i) {
    return names[i];
  }

  byte kind(int i) {
    return kinds[i];
  }

  /** Returns the first error recorded in this table, or {@code null}. */
  Throwable firstThrowable() {
    for (int i = 0; i < size; i++) {
      if (kinds[i] == THROWABLE) {
        return (Throwable) refs[i];
      }
    }
    return null;
  }

  @Override
  public boolean isEmpty() {
    for (int i = 0; i < size; i++) {
      if (kinds[i] != EMPTY) {
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
    String name = names[i];
    switch (kinds[i]) {
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
        visitor.visitString(name, (String) refs[i]);
        break;
      case LONG_ARRAY:
        visitor.visitLongArray(name, (long[]) refs[i]);
        break;
      case DOUBLE_ARRAY:
        visitor.visitDoubleArray(name, (double[]) refs[i]);
        break;
      case BOOLEAN_ARRAY:
        visitor.visitBooleanArray(name, (boolean[]) refs[i]);
        break;
      case STRING_ARRAY:
        visitor.visitStringArray(name, (String[]) refs[i]);
        break;
      case THROWABLE:
        visitor.visitThrowable(name, (Throwable) refs[i]);
        break;
      default:
        break;
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private int slot(String name, byte kind) {
    int at = indexOf(name);
    if (at < 0) {
      if (size == MAX_FIELDS) {
        dropped++;
        return -1;
      }
      if (size == names.length) {
        grow();
      }
      at = size++;
      names[at] = name;
    }
    kinds[at] = kind;
    refs[at] = null;
    return at;
  }

  private void grow() {
    int capacity = names.length == 0 ? 4 : names.length * 2;
    names = Arrays.copyOf(names, capacity);
    kinds = Arrays.copyOf(kinds, capacity);
    prims = Arrays.copyOf(prims, capacity);
    refs = Arrays.copyOf(refs, capacity);
  }
}
