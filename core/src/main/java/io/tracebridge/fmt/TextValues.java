package io.tracebridge.fmt;

import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;
import java.util.Arrays;
import java.util.Locale;

/**
 * Renders typed field values as text for the human-readable formats: numbers and booleans bare,
 * strings quoted and escaped (as Rust's {@code Debug} does), errors as {@code Class: message} with
 * their causes.
 */
final class TextValues {
  private TextValues() {}

  /** Appends {@code name}, {@code separator} and the value, for every field; strings quoted. */
  static void appendFields(Fields fields, String separator, String between, StringBuilder out) {
    appendFields(fields, separator, between, true, out);
  }

  /** Appends every field; {@code quoteStrings} false prints string values as they are. */
  static void appendFields(
      Fields fields, String separator, String between, boolean quoteStrings, StringBuilder out) {
    fields.visit(
        new FieldVisitor() {
          private boolean first = true;

          private StringBuilder start(String name) {
            if (!first) {
              out.append(between);
            }
            first = false;
            return out.append(name).append(separator);
          }

          @Override
          public void visitLong(String name, long value) {
            start(name).append(value);
          }

          @Override
          public void visitDouble(String name, double value) {
            start(name).append(value);
          }

          @Override
          public void visitBoolean(String name, boolean value) {
            start(name).append(value);
          }

          @Override
          public void visitString(String name, String value) {
            if (quoteStrings) {
              quote(value, start(name));
            } else {
              start(name).append(value);
            }
          }

          @Override
          public void visitLongArray(String name, long[] value) {
            start(name).append(Arrays.toString(value));
          }

          @Override
          public void visitDoubleArray(String name, double[] value) {
            start(name).append(Arrays.toString(value));
          }

          @Override
          public void visitBooleanArray(String name, boolean[] value) {
            start(name).append(Arrays.toString(value));
          }

          @Override
          public void visitStringArray(String name, String[] value) {
            StringBuilder b = start(name).append('[');
            for (int i = 0; i < value.length; i++) {
              if (i > 0) {
                b.append(", ");
              }
              quote(value[i], b);
            }
            b.append(']');
          }

          @Override
          public void visitThrowable(String name, Throwable value) {
            appendError(value, start(name));
          }
        });
  }

  /** Appends {@code Class: message}, then {@code : caused by Class: message} for each cause. */
  static void appendError(Throwable error, StringBuilder out) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 8; t = t.getCause(), depth++) {
      if (depth > 0) {
        out.append(" caused by ");
      }
      out.append(t.getClass().getName());
      if (t.getMessage() != null) {
        out.append(": ").append(t.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
  }

  /** Appends {@code value} quoted and escaped the way Rust's {@code Debug} prints a string. */
  static void quote(String value, StringBuilder out) {
    appendQuoted(value, false, out);
  }

  /**
   * Appends {@code value} between double quotes, escaping quotes, backslashes and control
   * characters. {@code json} selects JSON's four-hex-digit escape for other control characters (and
   * also escapes U+2028 and U+2029); otherwise Rust's braced hexadecimal escape is used.
   */
  static void appendQuoted(String value, boolean json, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || (json && (c == '\u2028' || c == '\u2029'))) {
            out.append(String.format(json ? "\\u%04x" : "\\u{%x}", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * Formats a duration like {@code tracing}: {@code 512ns}, {@code 48.2µs}, {@code 1.20ms}, {@code
   * 3.00s}.
   */
  static String duration(long nanos) {
    if (nanos < 1_000) {
      return nanos + "ns";
    }
    double value;
    String unit;
    if (nanos < 1_000_000) {
      value = nanos / 1e3;
      unit = "µs";
    } else if (nanos < 1_000_000_000) {
      value = nanos / 1e6;
      unit = "ms";
    } else {
      value = nanos / 1e9;
      unit = "s";
    }
    String digits =
        value >= 100
            ? String.format(Locale.ROOT, "%.0f", value)
            : value >= 10
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    return digits + unit;
  }
}
