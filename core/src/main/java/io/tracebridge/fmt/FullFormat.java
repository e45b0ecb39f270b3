package io.tracebridge.fmt;

import io.tracebridge.Fields;

/**
 * The default format, like {@code tracing-subscriber}'s full format: {@code
 * 2024-01-01T00:00:00.000000Z INFO main app-start:process_request{id="req-1"}: com.acme.App:
 * Processing request user_id=42}.
 */
final class FullFormat implements LineFormat {
  @Override
  public String renderSpanFields(Fields fields) {
    StringBuilder out = new StringBuilder();
    TextValues.appendFields(fields, "=", " ", out);
    return out.toString();
  }

  @Override
  public void renderLine(
      FmtLine line, String timestamp, boolean withThread, boolean withTarget, StringBuilder out) {
    TextLines.appendHeader(line, timestamp, withThread, out);
    TextLines.appendScope(line, true, out);
    if (withTarget) {
      out.append(line.target()).append(": ");
    }
    out.append(line.message());
    if (!line.fields().isEmpty()) {
      if (!line.message().isEmpty()) {
        out.append(' ');
      }
      TextValues.appendFields(line.fields(), "=", " ", !line.bareStrings(), out);
    }
  }
}
