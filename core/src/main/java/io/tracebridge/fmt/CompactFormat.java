package io.tracebridge.fmt;

import io.tracebridge.Fields;

/**
 * The compact format: span names only in the prefix, then the event, then the fields of the
 * enclosing spans: {@code 2024-01-01T00:00:00.000000Z INFO main app-start:process_request:
 * com.acme.App: Processing request user_id=42 id="req-1"}.
 */
final class CompactFormat implements LineFormat {
  private final FullFormat full = new FullFormat();

  @Override
  public String renderSpanFields(Fields fields) {
    return full.renderSpanFields(fields);
  }

  @Override
  public void renderLine(
      FmtLine line, String timestamp, boolean withThread, boolean withTarget, StringBuilder out) {
    TextLines.appendHeader(line, timestamp, withThread, out);
    TextLines.appendScope(line, false, out);
    if (withTarget) {
      out.append(line.target()).append(": ");
    }
    out.append(line.message());
    boolean needSpace = !line.message().isEmpty();
    if (!line.fields().isEmpty()) {
      if (needSpace) {
        out.append(' ');
      }
      TextValues.appendFields(line.fields(), "=", " ", !line.bareStrings(), out);
      needSpace = true;
    }
    for (int i = line.scope().size() - 1; i >= 0; i--) {
      String fields = line.scope().get(i).renderedFields();
      if (!fields.isEmpty()) {
        if (needSpace) {
          out.append(' ');
        }
        out.append(fields);
        needSpace = true;
      }
    }
  }
}
