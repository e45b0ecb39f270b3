package io.tracebridge;

/** How a span or event found its parent, and the rule that resolves it, shared by both. */
final class Parentage {
  /** The parent is whatever span is current when the span starts or the event is emitted. */
  static final byte CONTEXTUAL = 0;

  /** The parent was given with {@code parent(span)}. */
  static final byte EXPLICIT = 1;

  /** No parent, whatever is current: {@code root()}. */
  static final byte ROOT = 2;

  private Parentage() {}

  /**
   * Returns the span to use as an explicit parent, or {@code null} for none (which is transparent).
   */
  static SpanImpl explicit(Span span) {
    return span != null && span.data() instanceof SpanImpl ? (SpanImpl) span.data() : null;
  }

  /** Returns the parent to record: the current span when contextual, else {@code given}. */
  static SpanImpl resolve(byte parentage, SpanImpl given) {
    return parentage == CONTEXTUAL ? ThreadState.currentSpanImpl() : given;
  }
}
