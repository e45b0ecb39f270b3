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
 */
final class EnteredContext implements Context {
  private final Context delegate;
  private final Context below;
  private final SpanData span;

  /** The scopes of the thread that made this context current: its owner. */
  final ThreadScopes scopes;

  EnteredContext(Context delegate, Context below, SpanData span, ThreadScopes scopes) {
    this.delegate = delegate;
    this.below = below;
    this.span = span;
    this.scopes = scopes;
  }

  /**
   * Returns what {@code context} reads as on the calling thread now: for an entered context, the
   * context it stands for at this moment; any other context is itself.
   */
  static Context settle(Context context) {
    return context instanceof EnteredContext ? ((EnteredContext) context).effective() : context;
  }

  private Context effective() {
    return Thread.currentThread() == scopes.thread && span.hasExitOwedOnThisThread()
        ? below
        : delegate;
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
    return delegate.toString();
  }
}
