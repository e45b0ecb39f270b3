package io.tracebridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One entry of a span on one thread: the scope returned by {@link Span#enter()}, and the {@link
 * EnteredSpan} returned by {@link SpanBuilder#entered()}.
 *
 * <p>Subscribers hear of an exit on the thread that entered, always: a frame closed by another
 * thread stops counting as entered at once (busy time, and the owner's current span), but its exit
 * is <em>owed</em> and announced on the owner thread at its next tracebridge call, which is when
 * that thread's stack drops the frame. So a layer that changed thread-local state on enter (the
 * OpenTelemetry layer makes a context current) undoes it on the thread where it did it.
 */
final class Frame implements Scope, EnteredSpan {
  private static final int LIVE = 0;
  private static final int EXITED = 1;

  /** Exited by another thread; the owner thread still has to announce the exit. */
  private static final int EXIT_OWED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Frame.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SpanImpl span;
  final ThreadState owner;
  final boolean closesSpan;
  Frame prev;
  private volatile int state;

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

  /** Whether another thread exited this frame and the owner has yet to announce it. */
  boolean isExitOwed() {
    return state == EXIT_OWED;
  }

  /** Whether this frame was exited, by any thread; the owner's stack skips it from then on. */
  boolean isExited() {
    return state != LIVE;
  }

  @Override
  public void close() {
    boolean onOwner = Thread.currentThread() == owner.thread;
    int next = onOwner || !announced ? EXITED : EXIT_OWED;
    if (!STATE.compareAndSet(this, LIVE, next)) {
      return;
    }
    if (next == EXIT_OWED) {
      span.owedExit(1);
    }
    if (onOwner) {
      unlink();
    }
    boolean announceHere = onOwner && announced;
    if (closesSpan) {
      span.exitFrameAndClose(announceHere);
    } else {
      span.exitFrame(announceHere);
    }
    if (onOwner) {
      owner.liveTop(); // settles exits other threads owe for frames now on top
    }
  }

  /** Exits the frame on its owner thread without touching the stack, or settles an owed exit. */
  void exitSilently() {
    if (STATE.compareAndSet(this, LIVE, EXITED)) {
      span.exitFrame(announced);
    } else {
      settle();
    }
  }

  /** On the owner thread: announces the exit another thread owes for this frame, once. */
  void settle() {
    if (state == EXIT_OWED && STATE.compareAndSet(this, EXIT_OWED, EXITED)) {
      span.owedExit(-1);
      span.announceExit();
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
