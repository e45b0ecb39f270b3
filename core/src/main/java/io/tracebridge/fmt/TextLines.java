package io.tracebridge.fmt;

import io.tracebridge.Level;

/** The parts of a line that the one-line text formats (full and compact) share. */
final class TextLines {
  private TextLines() {}

  /** Appends {@code timestamp LEVEL thread }, the level right-aligned in five characters. */
  static void appendHeader(FmtLine line, String timestamp, boolean withThread, StringBuilder out) {
    out.append(timestamp).append(' ');
    appendPaddedLevel(line.level(), out);
    out.append(' ');
    if (withThread) {
      out.append(line.threadName()).append(' ');
    }
  }

  /** Appends the level name right-aligned in five characters, as {@code tracing} does. */
  static void appendPaddedLevel(Level level, StringBuilder out) {
    String name = level.name();
    for (int i = name.length(); i < 5; i++) {
      out.append(' ');
    }
    out.append(name);
  }

  /**
   * Appends the scope as {@code outer:inner: }, each span followed by {@code {fields}} when {@code
   * withFields} and it has any; appends nothing for an empty scope.
   */
  static void appendScope(FmtLine line, boolean withFields, StringBuilder out) {
    if (line.scope().isEmpty()) {
      return;
    }
    boolean first = true;
    for (FmtLine.ScopeEntry span : line.scope()) {
      if (!first) {
        out.append(':');
      }
      first = false;
      out.append(span.name());
      if (withFields && !span.renderedFields().isEmpty()) {
        out.append('{').append(span.renderedFields()).append('}');
      }
    }
    out.append(": ");
  }
}
