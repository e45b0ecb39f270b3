package io.tracebridge;

/**
 * One entry of a span on one thread: the scope returned by {@link Span#enter()}, and the
 * {@link EnteredSpan} returned by {@link SpanBuilder#entered()}.
 */
final class Frame implements Scope, EnteredSpan {
  final SpanImpl span;
  final ThreadState owner;
  final boolean closesSpan;
  Frame prev;
  volatile boolean exited;
  /** Whether subscribers were told of this enter; if so they are told of its exit, always. */
  boolean announced;

  Frame(SpanImpl span, ThreadState owner, boolean closesSpan) {
    this.span = span;
    this.owner = owner;
    this.closesSpan = closesSpan;
    this.prev = owner.top;
  }

  @Override
  public Span span() {
    return span;
  }

  @Override
  public void close() {
    if (exited) {
      return;
    }
    if (Thread.currentThread() == owner.thread) {
      unlink();
    }
    if (closesSpan) {
      exited = true;
      span.exitFrameAndClose(announced);
    } else {
      exitSilently();
    }
  }

  /** Marks the frame exited and tells the span, without touching the owner's stack. */
  void exitSilently() {
    if (!exited) {
      exited = true;
      span.exitFrame(announced);
    }
  }

  /** Removes this frame from its owner's stack, even when it is not on top (out-of-order close). */
  private void unlink() {
    if (owner.top == this) {
      owner.top = prev;
      return;
    }
    for (Frame f = owner.top; f != null; f = f.prev) {
      if (f.prev == this) {
        f.prev = prev;
        return;
      }
    }
  }
}
