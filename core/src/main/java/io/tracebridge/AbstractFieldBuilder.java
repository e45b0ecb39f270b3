package io.tracebridge;

/**
 * Implements the typed setters of {@link FieldBuilder}: the builder is its own {@link FieldTable},
 * so a span's or event's fields cost no object of their own.
 */
abstract class AbstractFieldBuilder<B extends FieldBuilder<B>> extends FieldTable
    implements FieldBuilder<B> {
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
