package io.tracebridge;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** The shared builder for disabled spans: it stores nothing and starts {@link Span#none()}. */
final class NoopSpanBuilder implements SpanBuilder {
  static final NoopSpanBuilder INSTANCE = new NoopSpanBuilder();

  private NoopSpanBuilder() {}

  @Override
  public SpanBuilder field(String name, long value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, double value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, boolean value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, String value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, char value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, long[] value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, double[] value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, boolean[] value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, String[] value) {
    return this;
  }

  @Override
  public SpanBuilder field(String name, Object value) {
    return this;
  }

  @Override
  public SpanBuilder empty(String name) {
    return this;
  }

  @Override
  public SpanBuilder parent(Span parent) {
    return this;
  }

  @Override
  public SpanBuilder root() {
    return this;
  }

  @Override
  public SpanBuilder followsFrom(Span cause) {
    return this;
  }

  @Override
  public Span start() {
    return Span.none();
  }

  @Override
  public EnteredSpan entered() {
    return EnteredSpan.NONE;
  }

  @Override
  public void run(Runnable action) {
    action.run();
  }

  @Override
  public <T> T get(Supplier<T> action) {
    return action.get();
  }

  @Override
  public <T> T call(Callable<T> action) throws Exception {
    return action.call();
  }
}
