package io.tracebridge;

/** The shared builder for disabled events: every call returns at once and allocates nothing. */
final class NoopEventBuilder implements EventBuilder {
  static final NoopEventBuilder INSTANCE = new NoopEventBuilder();

  private NoopEventBuilder() {}

  @Override
  public EventBuilder field(String name, long value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, double value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, boolean value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, String value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, char value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, long[] value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, double[] value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, boolean[] value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, String[] value) {
    return this;
  }

  @Override
  public EventBuilder field(String name, Object value) {
    return this;
  }

  @Override
  public EventBuilder error(Throwable error) {
    return this;
  }

  @Override
  public EventBuilder parent(Span parent) {
    return this;
  }

  @Override
  public EventBuilder root() {
    return this;
  }

  @Override
  public void log(String message) {}

  @Override
  public void log() {}
}
