package io.tracebridge.fmt;

import io.tracebridge.Fields;

/**
 * The pretty format: multi-line and meant for development, one block per event.
 *
 * <pre>
 *   2024-01-01T00:00:00.000000Z  INFO com.acme.App: Processing request, user_id: 42
 *     on main
 *     in process_request with id: "req-1"
 *     in app-start
 * </pre>
 */
final class PrettyFormat implements LineFormat {
  @Override
  public String renderSpanFields(Fields fields) {
    StringBuilder out = new StringBuilder();
    TextValues.appendFields(fields, ": ", ", ", out);
    return out.toString();
  }

  @Override
  public void renderLine(
      FmtLine line, String timestamp, boolean withThread, boolean withTarget, StringBuilder out) {
    out.append("  ").append(timestamp).append(' ');
    TextLines.appendPaddedLevel(line.level(), out);
    out.append(' ');
    if (withTarget) {
      out.append(line.target()).append(": ");
    }
    out.append(line.message());
    if (!line.fields().isEmpty()) {
      if (!line.message().isEmpty()) {
        out.append(", ");
      }
      TextValues.appendFields(line.fields(), ": ", ", ", !line.bareStrings(), out);
    }
    if (withThread) {
      out.append(System.lineSeparator()).append("    on ").append(line.threadName());
    }
    for (int i = line.scope().size() - 1; i >= 0; i--) {
      FmtLine.ScopeEntry span = line.scope().get(i);
      out.append(System.lineSeparator()).append("    in ").append(span.name());
      if (!span.renderedFields().isEmpty()) {
        out.append(" with ").append(span.renderedFields());
      }
    }
    out.append(System.lineSeparator());
  }
}
