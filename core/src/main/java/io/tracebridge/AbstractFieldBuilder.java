package io.tracebridge;

/** Implements the typed setters of {@link FieldBuilder} over a {@link FieldTable}. */
abstract class AbstractFieldBuilder<B extends FieldBuilder<B>> implements FieldBuilder<B> {
  /** Returns the table to write, or {@code null} once the builder may no longer change. */
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
