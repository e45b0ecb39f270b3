package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits typed fields into OpenTelemetry attributes with native types, the reserved {@code otel.*}
 * fields, and errors. Integers stay {@code long}, never text; arrays become homogeneous array
 * attributes.
 */
final class FieldAttributes implements FieldVisitor {
  static final String OTEL_PREFIX = "otel.";

  private static final int SLOTS = 4;

  private final AttributesBuilder builder;
  private final OtelSpanState state;
  // Collect mode (neither builder nor state): the first SLOTS attributes as key/value pairs, the
  // rest in overflow, so that an event's attributes are made with one Attributes.of call.
  private final Object[] slots;
  private int collected;
  private AttributesBuilder overflow;
  List<Throwable> errors = List.of();
  String otelName;
  String otelKind;
  String otelStatusCode;
  String otelStatusDescription;
  boolean noCodeAttributes;

  private FieldAttributes(AttributesBuilder builder, OtelSpanState state) {
    this.builder = builder;
    this.state = state;
    this.slots = builder == null && state == null ? new Object[2 * SLOTS] : null;
  }

  /**
   * Returns a visitor that collects attributes for {@link #eventAttributes}; reusable through
   * {@link #visitEvent}, by one thread at a time.
   */
  static FieldAttributes collector() {
    return new FieldAttributes(null, null);
  }

  /** Clears this collector and visits {@code fields} into it. */
  FieldAttributes visitEvent(Fields fields) {
    Arrays.fill(slots, 0, 2 * collected, null);
    collected = 0;
    overflow = null;
    errors = List.of();
    otelName = null;
    otelKind = null;
    otelStatusCode = null;
    otelStatusDescription = null;
    noCodeAttributes = false;
    fields.visit(this);
    return this;
  }

  /**
   * Returns the collected attributes after {@code first} and {@code second}, which fields of the same
   * name override, as {@code AttributesBuilder} would.
   */
  @SuppressWarnings("unchecked")
  <A, B> Attributes eventAttributes(AttributeKey<A> first, A a, AttributeKey<B> second, B b) {
    Object[] s = slots;
    switch (overflow == null ? collected : -1) {
      case 0:
        return Attributes.of(first, a, second, b);
      case 1:
        return Attributes.of(first, a, second, b, (AttributeKey<Object>) s[0], s[1]);
      case 2:
        return Attributes.of(
            first, a, second, b, (AttributeKey<Object>) s[0], s[1], (AttributeKey<Object>) s[2], s[3]);
      case 3:
        return Attributes.of(
            first, a, second, b,
            (AttributeKey<Object>) s[0], s[1],
            (AttributeKey<Object>) s[2], s[3],
            (AttributeKey<Object>) s[4], s[5]);
      case 4:
        return Attributes.of(
            first, a, second, b,
            (AttributeKey<Object>) s[0], s[1],
            (AttributeKey<Object>) s[2], s[3],
            (AttributeKey<Object>) s[4], s[5],
            (AttributeKey<Object>) s[6], s[7]);
      default:
        return eventBuilder(first, a, second, b).build();
    }
  }

  /** Returns a builder holding {@code first}, {@code second}, then the collected attributes. */
  @SuppressWarnings("unchecked")
  <A, B> AttributesBuilder eventBuilder(AttributeKey<A> first, A a, AttributeKey<B> second, B b) {
    AttributesBuilder all = Attributes.builder().put(first, a).put(second, b);
    for (int i = 0; i < collected; i++) {
      all.put((AttributeKey<Object>) slots[2 * i], slots[2 * i + 1]);
    }
    if (overflow != null) {
      all.putAll(overflow.build());
    }
    return all;
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
    } else if (state != null) {
      state.putAttribute(key, value);
    } else if (collected < SLOTS && overflow == null) {
      slots[2 * collected] = key;
      slots[2 * collected + 1] = value;
      collected++;
    } else {
      if (overflow == null) {
        overflow = Attributes.builder();
      }
      overflow.put(key, value);
    }
  }

  boolean hasSpecialFields() {
    return otelName != null || otelKind != null || otelStatusCode != null || otelStatusDescription != null;
  }

  @Override
  public void visitLong(String name, long value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKeys.longKey(name), value);
    }
  }

  @Override
  public void visitDouble(String name, double value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKeys.doubleKey(name), value);
    }
  }

  @Override
  public void visitBoolean(String name, boolean value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKeys.booleanKey(name), value);
    } else if (name.equals("otel.code_attributes")) {
      noCodeAttributes = !value;
    }
  }

  @Override
  public void visitString(String name, String value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      put(AttributeKeys.stringKey(name), value);
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
