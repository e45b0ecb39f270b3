package io.tracebridge;

/**
 * Implements the typed setters of {@link FieldBuilder} over a {@link FieldTable} it holds. The
 * table is made at the first write, so a span or event without fields holds none.
 */
abstract class AbstractFieldBuilder<B extends FieldBuilder<B>> implements FieldBuilder<B> {
  /** An empty table that is never written: the fields of a builder that has none. */
  static final FieldTable NO_FIELDS = new FieldTable();

  private FieldTable table;

  /** Returns the fields written so far, or {@link #NO_FIELDS}; callers must not write to it. */
  final FieldTable table() {
    FieldTable t = table;
    return t != null ? t : NO_FIELDS;
  }

  /** Returns the table to write to, making it at the first write. */
  final FieldTable tableForWrite() {
    FieldTable t = table;
    if (t == null) {
      table = t = new FieldTable();
    }
    return t;
  }

  /** Returns this table while it may be written, or {@code null} once the builder is frozen. */
  abstract FieldTable writableFields();

  abstract B self();

  @Override
  public final B field(String name, long value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putLong(name, value);
    }
    return self();
  }

  @Override
  public final B field(String name, double value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putDouble(name, value);
    }
    return self();
  }

  @Override
  public final B field(String name, boolean value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putBoolean(name, value);
    }
    return self();
  }

  @Override
  public final B field(String name, String value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putString(name, value == null ? "null" : value);
    }
    return self();
  }

  @Override
  public final B field(String name, char value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putString(name, String.valueOf(value));
    }
    return self();
  }

  @Override
  public final B field(String name, long[] value) {
    return field(name, (Object) value);
  }

  @Override
  public final B field(String name, double[] value) {
    return field(name, (Object) value);
  }

  @Override
  public final B field(String name, boolean[] value) {
    return field(name, (Object) value);
  }

  @Override
  public final B field(String name, String[] value) {
    return field(name, (Object) value);
  }

  @Override
  public final B field(String name, Object value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putObject(name, value);
    }
    return self();
  }
}
