package io.tracebridge.fmt;

import io.tracebridge.Fields;

/** How {@link FmtLayer} renders span fields and whole lines; one implementation per format. */
interface LineFormat {
  /** Renders a span's fields, cached on the span until a value is recorded. */
  String renderSpanFields(Fields fields);

  /** Appends a whole line, without the trailing newline. */
  void renderLine(
      FmtLine line, String timestamp, boolean withThread, boolean withTarget, StringBuilder out);
}
