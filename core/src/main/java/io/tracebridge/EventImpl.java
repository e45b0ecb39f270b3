package io.tracebridge;

/** An enabled event: first the {@link EventBuilder}, then the {@link EventData} subscribers see. */
final class EventImpl extends AbstractFieldBuilder<EventBuilder> implements EventBuilder, EventData {

  private final Registry registry;
  private final String target;
  private final Level level;
  private FieldTable fields; // made on the first field: many events have none
  private SpanImpl parent;
  private byte parentage = Parentage.CONTEXTUAL;
  private String message = "";
  private long epochNanos;
  private boolean logged;

  EventImpl(Registry registry, String target, Level level) {
    this.registry = registry;
    this.target = target;
    this.level = level;
  }

  @Override
  FieldTable writableFields() {
    if (logged) {
      return null;
    }
    if (fields == null) {
      fields = new FieldTable();
    }
    return fields;
  }

  @Override
  EventImpl self() {
    return this;
  }

  @Override
  public EventBuilder error(Throwable error) {
    return field("error", (Object) error);
  }

  @Override
  public EventBuilder parent(Span span) {
    SpanImpl explicit = Parentage.explicit(span);
    if (!logged && explicit != null) {
      parent = explicit;
      parentage = Parentage.EXPLICIT;
    }
    return this;
  }

  @Override
  public EventBuilder root() {
    if (!logged) {
      parent = null;
      parentage = Parentage.ROOT;
    }
    return this;
  }

  @Override
  public void log(String text) {
    if (logged) {
      return;
    }
    logged = true;
    message = text == null ? "null" : text;
    parent = Parentage.resolve(parentage, parent);
    epochNanos = parent == null ? EpochClock.nowNanos() : parent.epochNanosNow();
    registry.onEvent(this);
  }

  @Override
  public void log() {
    log("");
  }

  @Override
  public Level level() {
    return level;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public String message() {
    return message;
  }

  @Override
  public Fields fields() {
    return table();
  }

  /** Gives formatters index access without a visitor allocation. */
  FieldTable table() {
    return fields == null ? FieldTable.NONE : fields;
  }

  @Override
  public Throwable error() {
    return table().firstThrowable();
  }

  @Override
  public SpanData parent() {
    return parent;
  }

  @Override
  public boolean isContextual() {
    return parentage == Parentage.CONTEXTUAL;
  }

  @Override
  public long epochNanos() {
    return epochNanos;
  }

  @Override
  public String toString() {
    return "Event{" + level + " " + target + ": " + message + "}";
  }
}
