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

  final AttributesBuilder attributes;
  final List<Throwable> errors = new ArrayList<>(0);
  String otelName;
  String otelKind;
  String otelStatusCode;
  String otelStatusDescription;
  boolean noCodeAttributes;

  private FieldAttributes(AttributesBuilder attributes) {
    this.attributes = attributes;
  }

  /** Visits {@code fields} into {@code into}. */
  static FieldAttributes of(Fields fields, AttributesBuilder into) {
    FieldAttributes visitor = new FieldAttributes(into);
    fields.visit(visitor);
    return visitor;
  }

  boolean hasSpecialFields() {
    return otelName != null || otelKind != null || otelStatusCode != null || otelStatusDescription != null;
  }

  @Override
  public void visitLong(String name, long value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      attributes.put(AttributeKey.longKey(name), value);
    }
  }

  @Override
  public void visitDouble(String name, double value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      attributes.put(AttributeKey.doubleKey(name), value);
    }
  }

  @Override
  public void visitBoolean(String name, boolean value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      attributes.put(AttributeKey.booleanKey(name), value);
    } else if (name.equals("otel.code_attributes")) {
      noCodeAttributes = !value;
    }
  }

  @Override
  public void visitString(String name, String value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      attributes.put(AttributeKey.stringKey(name), value);
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
      attributes.put(AttributeKey.longArrayKey(name), box(value));
    }
  }

  @Override
  public void visitDoubleArray(String name, double[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      List<Double> list = new ArrayList<>(value.length);
      for (double v : value) {
        list.add(v);
      }
      attributes.put(AttributeKey.doubleArrayKey(name), list);
    }
  }

  @Override
  public void visitBooleanArray(String name, boolean[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      List<Boolean> list = new ArrayList<>(value.length);
      for (boolean v : value) {
        list.add(v);
      }
      attributes.put(AttributeKey.booleanArrayKey(name), list);
    }
  }

  @Override
  public void visitStringArray(String name, String[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      attributes.put(AttributeKey.stringArrayKey(name), List.of(value));
    }
  }

  @Override
  public void visitThrowable(String name, Throwable value) {
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
