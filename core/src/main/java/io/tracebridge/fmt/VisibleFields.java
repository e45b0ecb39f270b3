package io.tracebridge.fmt;

import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;

/**
 * The fields the console shows: every field but the control fields named {@code otel.*} ({@code
 * otel.name}, {@code otel.kind}, {@code otel.status_code}, ...), which steer the OpenTelemetry
 * bridge and are not user data. Both the text formats and JSON print through it.
 */
final class VisibleFields implements Fields {
  /** The prefix of control fields. */
  static final String CONTROL_PREFIX = "otel.";

  private final Fields fields;

  private VisibleFields(Fields fields) {
    this.fields = fields;
  }

  /** {@code fields} without its control fields; {@code fields} itself when it is empty. */
  static Fields of(Fields fields) {
    return fields.isEmpty() ? fields : new VisibleFields(fields);
  }

  static boolean isControl(String name) {
    return name.startsWith(CONTROL_PREFIX);
  }

  @Override
  public void visit(FieldVisitor visitor) {
    fields.visit(
        new FieldVisitor() {
          @Override
          public void visitLong(String name, long value) {
            if (!isControl(name)) {
              visitor.visitLong(name, value);
            }
          }

          @Override
          public void visitDouble(String name, double value) {
            if (!isControl(name)) {
              visitor.visitDouble(name, value);
            }
          }

          @Override
          public void visitBoolean(String name, boolean value) {
            if (!isControl(name)) {
              visitor.visitBoolean(name, value);
            }
          }

          @Override
          public void visitString(String name, String value) {
            if (!isControl(name)) {
              visitor.visitString(name, value);
            }
          }

          @Override
          public void visitLongArray(String name, long[] value) {
            if (!isControl(name)) {
              visitor.visitLongArray(name, value);
            }
          }

          @Override
          public void visitDoubleArray(String name, double[] value) {
            if (!isControl(name)) {
              visitor.visitDoubleArray(name, value);
            }
          }

          @Override
          public void visitBooleanArray(String name, boolean[] value) {
            if (!isControl(name)) {
              visitor.visitBooleanArray(name, value);
            }
          }

          @Override
          public void visitStringArray(String name, String[] value) {
            if (!isControl(name)) {
              visitor.visitStringArray(name, value);
            }
          }

          @Override
          public void visitThrowable(String name, Throwable value) {
            if (!isControl(name)) {
              visitor.visitThrowable(name, value);
            }
          }
        });
  }

  @Override
  public boolean isEmpty() {
    boolean[] any = {false};
    visit(
        new FieldVisitor() {
          @Override
          public void visitLong(String name, long value) {
            any[0] = true;
          }

          @Override
          public void visitDouble(String name, double value) {
            any[0] = true;
          }

          @Override
          public void visitBoolean(String name, boolean value) {
            any[0] = true;
          }

          @Override
          public void visitString(String name, String value) {
            any[0] = true;
          }

          @Override
          public void visitLongArray(String name, long[] value) {
            any[0] = true;
          }

          @Override
          public void visitDoubleArray(String name, double[] value) {
            any[0] = true;
          }

          @Override
          public void visitBooleanArray(String name, boolean[] value) {
            any[0] = true;
          }

          @Override
          public void visitStringArray(String name, String[] value) {
            any[0] = true;
          }

          @Override
          public void visitThrowable(String name, Throwable value) {
            any[0] = true;
          }
        });
    return !any[0];
  }
}
