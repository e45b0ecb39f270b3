package io.tracebridge;

/** An enabled event: first the {@link EventBuilder}, then the {@link EventData} subscribers see. */
final class EventImpl extends AbstractFieldBuilder<EventBuilder> implements EventBuilder, EventData {
  private static final byte CONTEXTUAL = 0;
  private static final byte EXPLICIT = 1;
  private static final byte ROOT = 2;

  private final Registry registry;
  private final String target;
  private final Level level;
  private final FieldTable fields = new FieldTable();
  private SpanImpl parent;
  private byte parentage = CONTEXTUAL;
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
    return logged ? null : fields;
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
    if (!logged && span != null && span.data() instanceof SpanImpl) {
      parent = (SpanImpl) span.data();
      parentage = EXPLICIT;
    }
    return this;
  }

  @Override
  public EventBuilder root() {
    if (!logged) {
      parent = null;
      parentage = ROOT;
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
    if (parentage == CONTEXTUAL) {
      parent = ThreadState.currentSpanImpl();
    }
    epochNanos = EpochClock.nowNanos();
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
    return fields;
  }

  /** Gives formatters index access without a visitor allocation. */
  FieldTable table() {
    return fields;
  }

  @Override
  public Throwable error() {
    return fields.firstThrowable();
  }

  @Override
  public SpanData parent() {
    return parent;
  }

  @Override
  public boolean isContextual() {
    return parentage == CONTEXTUAL;
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
