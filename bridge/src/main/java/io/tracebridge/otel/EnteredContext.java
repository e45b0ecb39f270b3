package io.tracebridge.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.tracebridge.subscriber.SpanData;

/**
 * The OpenTelemetry context made current while a local span is entered on a thread. Read on that
 * thread after the span's scope there was closed from another thread, and before this thread's next
 * tracebridge call closes the OpenTelemetry scope here, it reads as the context beneath it, so
 * plain OpenTelemetry code on the thread never sees the closed span. Otherwise, and anywhere else
 * (a copy captured while the span was entered, attached again later on this thread or another), it
 * is the span's context.
 *
 * <p>The first enter of a span, in the span's own context, is played by the span's {@link
 * OtelSpanState}, so the common enter makes no object of ours; other enters make a {@link Copy}.
 * Each instance stands for one enter: its thread and what was beneath are set once.
 */
abstract class EnteredContext implements Context {
  /** Returns the context this stands for: the entered span's. */
  abstract Context delegate();

  /** Returns the context that was current beneath it, on the thread that entered. */
  abstract Context below();

  /** Returns the entered local span. */
  abstract SpanData enteredSpan();

  /**
   * Returns the scopes of the thread that made this context current (its owner); {@code null} only
   * for a span's state that has not played an enter.
   */
  abstract ThreadScopes owner();

  /**
   * Returns what {@code context} reads as on the calling thread now: for an entered context, the
   * context it stands for at this moment; any other context is itself.
   */
  static Context settle(Context context) {
    return context instanceof EnteredContext ? ((EnteredContext) context).effective() : context;
  }

  private Context effective() {
    ThreadScopes owner = owner();
    return owner != null
            && Thread.currentThread() == owner.thread
            && enteredSpan().hasExitOwedOnThisThread()
        ? below()
        : delegate();
  }

  @Override
  public <V> V get(ContextKey<V> key) {
    return effective().get(key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    return effective().with(key, value);
  }

  @Override
  public String toString() {
    return String.valueOf(delegate());
  }

  /** An enter that the span's state does not play: a re-enter, or another context's. */
  static final class Copy extends EnteredContext {
    private final Context delegate;
    private final Context below;
    private final SpanData span;
    private final ThreadScopes owner;

    Copy(Context delegate, Context below, SpanData span, ThreadScopes owner) {
      this.delegate = delegate;
      this.below = below;
      this.span = span;
      this.owner = owner;
    }

    @Override
    Context delegate() {
      return delegate;
    }

    @Override
    Context below() {
      return below;
    }

    @Override
    SpanData enteredSpan() {
      return span;
    }

    @Override
    ThreadScopes owner() {
      return owner;
    }
  }
}
