package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits typed fields into OpenTelemetry attributes with native types, the reserved {@code otel.*}
 * fields, and errors. Integers stay {@code long}, never text; arrays become homogeneous array
 * attributes.
 */
final class FieldAttributes implements FieldVisitor {
  static final String OTEL_PREFIX = "otel.";

  private final AttributesBuilder builder;
  private final OtelSpanState state;
  List<Throwable> errors = List.of();
  String otelName;
  String otelKind;
  String otelStatusCode;
  String otelStatusDescription;
  boolean noCodeAttributes;

  private FieldAttributes(AttributesBuilder builder, OtelSpanState state) {
    this.builder = builder;
    this.state = state;
  }

  /** Visits {@code fields} into {@code into}. */
  static FieldAttributes of(Fields fields, AttributesBuilder into) {
    FieldAttributes visitor = new FieldAttributes(into, null);
    fields.visit(visitor);
    return visitor;
  }

  /**
   * Visits {@code fields} straight into the span state's attributes, with no intermediate
   * {@code Attributes}.
   */
  static FieldAttributes into(Fields fields, OtelSpanState state) {
    FieldAttributes visitor = new FieldAttributes(null, state);
    fields.visit(visitor);
    return visitor;
  }

  private <T> void put(AttributeKey<T> key, T value) {
    if (builder != null) {
      builder.put(key, value);
    } else {
      state.putAttribute(key, value);
    }
  }

  boolean hasSpecialFields() {
    return otelName != null || otelKind != null || otelStatusCode != null || otelStatusDescription != null;
  }

  @Override
  public void visitLong(String name, long value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKey.longKey(name), value);
    }
  }

  @Override
  public void visitDouble(String name, double value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKey.doubleKey(name), value);
    }
  }

  @Override
  public void visitBoolean(String name, boolean value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKey.booleanKey(name), value);
    } else if (name.equals("otel.code_attributes")) {
      noCodeAttributes = !value;
    }
  }

  @Override
  public void visitString(String name, String value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKey.stringKey(name), value);
      return;
    }
    switch (name) {
      case "otel.name":
        otelName = value;
        break;
      case "otel.kind":
        otelKind = value;
        break;
      case "otel.status_code":
        otelStatusCode = value;
        break;
      case "otel.status_description":
        otelStatusDescription = value;
        break;
      case "otel.code_attributes":
        noCodeAttributes = value.equalsIgnoreCase("false");
        break;
      default:
        break; // other otel.* fields are reserved: not attributes, still visible to other layers
    }
  }

  @Override
  public void visitLongArray(String name, long[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKey.longArrayKey(name), box(value));
    }
  }

  @Override
  public void visitDoubleArray(String name, double[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      List<Double> list = new ArrayList<>(value.length);
      for (double v : value) {
        list.add(v);
      }
      put(AttributeKey.doubleArrayKey(name), list);
    }
  }

  @Override
  public void visitBooleanArray(String name, boolean[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      List<Boolean> list = new ArrayList<>(value.length);
      for (boolean v : value) {
        list.add(v);
      }
      put(AttributeKey.booleanArrayKey(name), list);
    }
  }

  @Override
  public void visitStringArray(String name, String[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKey.stringArrayKey(name), List.of(value));
    }
  }

  @Override
  public void visitThrowable(String name, Throwable value) {
    if (errors.isEmpty()) {
      errors = new ArrayList<>(1);
    }
    errors.add(value);
  }

  private static List<Long> box(long[] value) {
    List<Long> list = new ArrayList<>(value.length);
    for (long v : value) {
      list.add(v);
    }
    return list;
  }
}
