package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits typed fields into OpenTelemetry attributes with native types, the reserved {@code otel.*}
 * fields, and errors. Integers stay {@code long}, never text; arrays become homogeneous array
 * attributes.
 *
 * <p>One collector per thread is reused for every span and event ({@link #of}), so turning fields
 * into attributes allocates nothing of its own; what it collects is copied out (into a span
 * builder, a span or one {@code Attributes}) before any OpenTelemetry code that could call back
 * into tracebridge runs. A nested use on the same thread gets a fresh collector.
 */
final class FieldAttributes implements FieldVisitor {
  static final String OTEL_PREFIX = "otel.";

  private static final ThreadLocal<FieldAttributes> LOCAL =
      ThreadLocal.withInitial(FieldAttributes::new);
  private static final int FIRST_CAPACITY = 8;

  private boolean inUse;
  // The collected attributes as key/value pairs, in field order.
  private Object[] slots = new Object[2 * FIRST_CAPACITY];
  private int collected;
  List<Throwable> errors = List.of();
  String otelName;
  String otelKind;
  String otelStatusCode;
  String otelStatusDescription;

  /** Whether the fields mark an integration span ({@code otel.integration=true}). */
  boolean otelIntegration;

  /**
   * What {@link #of} returns for no fields: collects nothing, is never written, and needs no
   * thread-local look-up.
   */
  private static final FieldAttributes NONE = new FieldAttributes();

  private FieldAttributes() {}

  /**
   * Returns a collector holding {@code fields}, to {@link #release} after use; for no fields, a
   * shared empty one (a span without fields, the common child span, skips the thread's collector).
   */
  static FieldAttributes of(Fields fields) {
    if (fields.isEmpty()) {
      return NONE;
    }
    FieldAttributes collector = acquire();
    try {
      return collector.collect(fields);
    } catch (RuntimeException | Error e) {
      collector.release();
      throw e;
    }
  }

  /** Returns this thread's collector, cleared, or a fresh one if it is already in use. */
  private static FieldAttributes acquire() {
    FieldAttributes local = LOCAL.get();
    if (local.inUse) {
      local = new FieldAttributes();
    }
    local.inUse = true;
    return local;
  }

  /**
   * Gives the collector back; nothing it returned may be used afterwards, except {@link #errors}.
   */
  void release() {
    if (this == NONE) {
      return; // shared and never written
    }
    Arrays.fill(slots, 0, 2 * collected, null);
    collected = 0;
    errors = List.of();
    otelName = null;
    otelKind = null;
    otelStatusCode = null;
    otelStatusDescription = null;
    otelIntegration = false;
    inUse = false;
  }

  /** Visits {@code fields} into this collector, after what it holds. */
  private FieldAttributes collect(Fields fields) {
    fields.visit(this);
    return this;
  }

  /**
   * The control field that marks a span of one of tracebridge's integrations (OkHttp, JDK server,
   * gRPC).
   */
  static final String INTEGRATION = "otel.integration";

  /**
   * Returns whether {@code fields} turn code attributes off: {@code otel.code_attributes=false}, or
   * an integration span ({@code otel.integration=true}) unless {@code integrationExtras}.
   */
  static boolean optsOutOfCodeAttributes(Fields fields, boolean integrationExtras) {
    if (fields.isEmpty()) {
      return false; // the common child span: no visit and nothing allocated
    }
    boolean[] out = new boolean[1];
    fields.visit(
        new FieldVisitor() {
          @Override
          public void visitBoolean(String name, boolean value) {
            if (name.equals("otel.code_attributes")) {
              out[0] = !value;
            } else if (name.equals(INTEGRATION) && value && !integrationExtras) {
              out[0] = true;
            }
          }

          @Override
          public void visitString(String name, String value) {
            if (name.equals("otel.code_attributes")) {
              out[0] = value.equalsIgnoreCase("false");
            } else if (name.equals(INTEGRATION)
                && value.equalsIgnoreCase("true")
                && !integrationExtras) {
              out[0] = true;
            }
          }
        });
    return out[0];
  }

  int size() {
    return collected;
  }

  AttributeKey<?> key(int i) {
    return (AttributeKey<?>) slots[2 * i];
  }

  /** Sets attribute {@code i} on {@code builder}. */
  @SuppressWarnings("unchecked")
  void setOn(int i, SpanBuilder builder) {
    builder.setAttribute((AttributeKey<Object>) slots[2 * i], slots[2 * i + 1]);
  }

  /** Sets attribute {@code i} on {@code span}. */
  @SuppressWarnings("unchecked")
  void setOn(int i, Span span) {
    span.setAttribute((AttributeKey<Object>) slots[2 * i], slots[2 * i + 1]);
  }

  /**
   * Returns the collected attributes after {@code first} and {@code second}, which fields of the
   * same name override, as {@code AttributesBuilder} would. Up to four fields take one {@code
   * Attributes.of} call.
   */
  @SuppressWarnings("unchecked")
  <A, B> Attributes eventAttributes(AttributeKey<A> first, A a, AttributeKey<B> second, B b) {
    Object[] s = slots;
    switch (collected) {
      case 0:
        return Attributes.of(first, a, second, b);
      case 1:
        return Attributes.of(first, a, second, b, (AttributeKey<Object>) s[0], s[1]);
      case 2:
        return Attributes.of(
            first,
            a,
            second,
            b,
            (AttributeKey<Object>) s[0],
            s[1],
            (AttributeKey<Object>) s[2],
            s[3]);
      case 3:
        return Attributes.of(
            first,
            a,
            second,
            b,
            (AttributeKey<Object>) s[0],
            s[1],
            (AttributeKey<Object>) s[2],
            s[3],
            (AttributeKey<Object>) s[4],
            s[5]);
      case 4:
        return Attributes.of(
            first,
            a,
            second,
            b,
            (AttributeKey<Object>) s[0],
            s[1],
            (AttributeKey<Object>) s[2],
            s[3],
            (AttributeKey<Object>) s[4],
            s[5],
            (AttributeKey<Object>) s[6],
            s[7]);
      default:
        return eventBuilder(first, a, second, b).build();
    }
  }

  /** Returns a new builder holding {@code first}, {@code second}, then the collected attributes. */
  <A, B> AttributesBuilder eventBuilder(AttributeKey<A> first, A a, AttributeKey<B> second, B b) {
    return putAll(Attributes.builder().put(first, a).put(second, b));
  }

  /** Puts the collected attributes into {@code builder}. */
  @SuppressWarnings("unchecked")
  AttributesBuilder putAll(AttributesBuilder builder) {
    for (int i = 0; i < collected; i++) {
      builder.put((AttributeKey<Object>) slots[2 * i], slots[2 * i + 1]);
    }
    return builder;
  }

  private <T> void put(AttributeKey<T> key, T value) {
    if (2 * collected == slots.length) {
      slots = Arrays.copyOf(slots, 2 * slots.length);
    }
    slots[2 * collected] = key;
    slots[2 * collected + 1] = value;
    collected++;
  }

  boolean hasSpecialFields() {
    return otelName != null
        || otelKind != null
        || otelStatusCode != null
        || otelStatusDescription != null;
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
    } else if (name.equals(INTEGRATION)) {
      otelIntegration = value;
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
      case INTEGRATION:
        otelIntegration = value.equalsIgnoreCase("true");
        break;
      case "otel.status_code":
        otelStatusCode = value;
        break;
      case "otel.status_description":
        otelStatusDescription = value;
        break;
      default:
        break; // other otel.* fields are reserved: not attributes, still visible to other layers
    }
  }

  @Override
  public void visitLongArray(String name, long[] value) {
    if (!name.startsWith(OTEL_PREFIX)) {
      List<Long> list = new ArrayList<>(value.length);
      for (long v : value) {
        list.add(v);
      }
      put(AttributeKey.longArrayKey(name), list);
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
      List<String> list = new ArrayList<>(value.length);
      for (String v : value) {
        list.add(v == null ? "null" : v);
      }
      put(AttributeKey.stringArrayKey(name), list);
    }
  }

  @Override
  public void visitThrowable(String name, Throwable value) {
    if (errors.isEmpty()) {
      errors = new ArrayList<>(1);
    }
    errors.add(value);
  }
}
