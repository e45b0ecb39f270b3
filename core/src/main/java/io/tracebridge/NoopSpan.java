package io.tracebridge;

import io.tracebridge.subscriber.SpanData;

/**
 * {@link Span#none()}: every method is a no-op, and entering it leaves the current span current.
 */
final class NoopSpan implements Span {
  static final NoopSpan INSTANCE = new NoopSpan();

  private NoopSpan() {}

  @Override
  public boolean isNone() {
    return true;
  }

  @Override
  public SpanData data() {
    return null;
  }

  @Override
  public Scope enter() {
    return Scope.NOOP;
  }

  @Override
  public void close() {}

  @Override
  public boolean isClosed() {
    return false;
  }

  @Override
  public Span record(String name, long value) {
    return this;
  }

  @Override
  public Span record(String name, double value) {
    return this;
  }

  @Override
  public Span record(String name, boolean value) {
    return this;
  }

  @Override
  public Span record(String name, String value) {
    return this;
  }

  @Override
  public Span record(String name, Object value) {
    return this;
  }

  @Override
  public Span recordError(Throwable error) {
    return this;
  }

  @Override
  public Span followsFrom(Span cause) {
    return this;
  }

  @Override
  public String toString() {
    return "Span.none()";
  }
}
