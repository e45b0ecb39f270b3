package io.tracebridge;

/**
 * Implements the typed setters of {@link FieldBuilder} over a {@link FieldTable} the builder holds
 * and makes at the first write, so a span or event without fields holds none. An interface rather
 * than a base class, so that a span is free to extend {@link io.tracebridge.subscriber.Extensions}
 * and be one object with its layers' storage.
 */
interface TableFieldBuilder<B extends FieldBuilder<B>> extends FieldBuilder<B> {
  /** An empty table that is never written: the fields of a builder that has none. */
  FieldTable NO_FIELDS = new FieldTable();

  /** Returns the table to write to while the builder may be written, else {@code null}. */
  FieldTable writableFields();

  /** Returns this builder, typed for chaining. */
  B self();

  @Override
  default B field(String name, long value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putLong(name, value);
    }
    return self();
  }

  @Override
  default B field(String name, double value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putDouble(name, value);
    }
    return self();
  }

  @Override
  default B field(String name, boolean value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putBoolean(name, value);
    }
    return self();
  }

  @Override
  default B field(String name, String value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putString(name, value == null ? "null" : value);
    }
    return self();
  }

  @Override
  default B field(String name, char value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putString(name, String.valueOf(value));
    }
    return self();
  }

  @Override
  default B field(String name, long[] value) {
    return field(name, (Object) value);
  }

  @Override
  default B field(String name, double[] value) {
    return field(name, (Object) value);
  }

  @Override
  default B field(String name, boolean[] value) {
    return field(name, (Object) value);
  }

  @Override
  default B field(String name, String[] value) {
    return field(name, (Object) value);
  }

  @Override
  default B field(String name, Object value) {
    FieldTable t = writableFields();
    if (t != null) {
      t.putObject(name, value);
    }
    return self();
  }
}
