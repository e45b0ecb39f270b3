package io.tracebridge.fmt;

import io.tracebridge.FieldVisitor;
import io.tracebridge.Fields;

/** The two fields of a span's close line: {@code time.busy} and {@code time.idle}, rendered. */
record CloseTimings(String busy, String idle) implements Fields {
  @Override
  public void visit(FieldVisitor visitor) {
    visitor.visitString("time.busy", busy);
    visitor.visitString("time.idle", idle);
  }

  @Override
  public boolean isEmpty() {
    return false;
  }
}
