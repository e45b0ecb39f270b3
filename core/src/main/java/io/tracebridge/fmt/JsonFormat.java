package io.tracebridge.fmt;

import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;
import java.util.Set;

/**
 * One JSON object per line, shaped like {@code tracing-subscriber}'s JSON output, with values in
 * their native JSON types:
 *
 * <pre>{@code
 * {"timestamp":"2024-01-01T00:00:00.000000Z","level":"INFO","fields":{"message":"Processing request","user_id":42},
 *  "target":"com.acme.App","span":{"id":"req-1","name":"process_request"},
 *  "spans":[{"name":"app-start"},{"id":"req-1","name":"process_request"}],"threadName":"main"}
 * }</pre>
 *
 * <p>Every line is a JSON object with unique keys. The format's own keys win: a field that has the
 * name of one ({@code message} among an event's fields, {@code name} in a span entry) is written as
 * {@code field.message} or {@code field.name}, with more {@code field.} prefixes if a field of that
 * name exists too.
 *
 * <p>Non-finite doubles, which JSON cannot hold, are written as the strings {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"}. Errors are objects with {@code type}, {@code message} and a
 * nested {@code cause}.
 */
final class JsonFormat implements LineFormat {
  @Override
  public String renderSpanFields(Fields fields) {
    StringBuilder out = new StringBuilder();
    appendMembers(fields, "name", out);
    return out.toString();
  }

  @Override
  public void renderLine(
      FmtLine line, String timestamp, boolean withThread, boolean withTarget, StringBuilder out) {
    out.append("{\"timestamp\":");
    string(timestamp, out);
    out.append(",\"level\":");
    string(line.level().name(), out);
    out.append(",\"fields\":{\"message\":");
    string(line.message(), out);
    if (!line.fields().isEmpty()) {
      out.append(',');
      appendMembers(line.fields(), "message", out);
    }
    out.append('}');
    if (withTarget) {
      out.append(",\"target\":");
      string(line.target(), out);
    }
    if (!line.scope().isEmpty()) {
      out.append(",\"span\":");
      scopeEntry(line.scope().get(line.scope().size() - 1), out);
      out.append(",\"spans\":[");
      for (int i = 0; i < line.scope().size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        scopeEntry(line.scope().get(i), out);
      }
      out.append(']');
    }
    if (withThread) {
      out.append(",\"threadName\":");
      string(line.threadName(), out);
    }
    if (line.ids() != null) {
      out.append(",\"trace_id\":\"")
          .append(line.ids().traceId())
          .append("\",\"span_id\":\"")
          .append(line.ids().spanId())
          .append('"');
    }
    out.append('}');
  }

  private static void scopeEntry(FmtLine.ScopeEntry span, StringBuilder out) {
    out.append('{');
    if (!span.renderedFields().isEmpty()) {
      out.append(span.renderedFields()).append(',');
    }
    out.append("\"name\":");
    string(span.name(), out);
    out.append('}');
  }

  /**
   * Appends the fields as JSON members; a field named {@code reserved}, a key the format writes
   * itself next to them, is renamed (see the class comment).
   */
  private static void appendMembers(Fields fields, String reserved, StringBuilder out) {
    fields.visit(
        new FieldVisitor() {
          private boolean first = true;

          private StringBuilder key(String name) {
            if (!first) {
              out.append(',');
            }
            first = false;
            string(reserved.equals(name) ? renamed(fields, reserved) : name, out);
            return out.append(':');
          }

          @Override
          public void visitLong(String name, long value) {
            key(name).append(value);
          }

          @Override
          public void visitDouble(String name, double value) {
            number(value, key(name));
          }

          @Override
          public void visitBoolean(String name, boolean value) {
            key(name).append(value);
          }

          @Override
          public void visitString(String name, String value) {
            string(value, key(name));
          }

          @Override
          public void visitLongArray(String name, long[] value) {
            StringBuilder b = key(name).append('[');
            for (int i = 0; i < value.length; i++) {
              b.append(i > 0 ? "," : "").append(value[i]);
            }
            b.append(']');
          }

          @Override
          public void visitDoubleArray(String name, double[] value) {
            StringBuilder b = key(name).append('[');
            for (int i = 0; i < value.length; i++) {
              b.append(i > 0 ? "," : "");
              number(value[i], b);
            }
            b.append(']');
          }

          @Override
          public void visitBooleanArray(String name, boolean[] value) {
            StringBuilder b = key(name).append('[');
            for (int i = 0; i < value.length; i++) {
              b.append(i > 0 ? "," : "").append(value[i]);
            }
            b.append(']');
          }

          @Override
          public void visitStringArray(String name, String[] value) {
            StringBuilder b = key(name).append('[');
            for (int i = 0; i < value.length; i++) {
              b.append(i > 0 ? "," : "");
              string(value[i], b);
            }
            b.append(']');
          }

          @Override
          public void visitThrowable(String name, Throwable value) {
            error(value, key(name), 0);
          }
        });
  }

  /** Returns the first of {@code field.NAME}, {@code field.field.NAME}, ... that no field has. */
  private static String renamed(Fields fields, String name) {
    Set<String> taken = fields.asMap().keySet();
    String key = "field." + name;
    while (taken.contains(key)) {
      key = "field." + key;
    }
    return key;
  }

  private static void error(Throwable t, StringBuilder out, int depth) {
    out.append("{\"type\":");
    string(t.getClass().getName(), out);
    out.append(",\"message\":");
    if (t.getMessage() == null) {
      out.append("null");
    } else {
      string(t.getMessage(), out);
    }
    Throwable cause = t.getCause();
    if (cause != null && cause != t && depth < 8) {
      out.append(",\"cause\":");
      error(cause, out, depth + 1);
    }
    out.append('}');
  }

  private static void number(double value, StringBuilder out) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      string(Double.toString(value), out);
    } else {
      out.append(value);
    }
  }

  static void string(String value, StringBuilder out) {
    TextValues.appendQuoted(value, true, out);
  }
}
