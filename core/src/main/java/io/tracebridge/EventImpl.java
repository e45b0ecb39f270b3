package io.tracebridge;

import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;

/**
 * An enabled event: first the {@link EventBuilder}, then the {@link EventData} subscribers see.
 *
 * <p>The one-line calls ({@code TRACER.info("...")}, {@code error(message, error)}) never hand the
 * builder to the caller, so each thread reuses one instance for them ({@link #oneShot}), and such
 * an event allocates nothing of its own. Subscribers may not keep an {@link EventData} past {@code
 * onEvent} (its contract), so the reuse is invisible to them. A builder returned by {@code
 * at(level)} is always a new one: the caller may keep it, and using a kept builder must never write
 * into another event.
 */
final class EventImpl implements TableFieldBuilder<EventBuilder>, EventBuilder, EventData {

  Registry registry;
  private Tracer tracer;
  private Level level;

  /**
   * Whether this is a thread's reusable instance; if so, {@code inUse} says whether it is taken.
   */
  private final boolean reusable;

  private boolean inUse;

  /** The thread a reusable instance belongs to; {@code null} otherwise. */
  private final ThreadState owner;

  private SpanImpl parent;
  private byte parentage = Parentage.CONTEXTUAL;
  private String message = "";
  private long epochNanos;
  private boolean logged;
  private FieldTable table;

  EventImpl(Registry registry, Tracer tracer, Level level) {
    this.registry = registry;
    this.tracer = tracer;
    this.level = level;
    this.reusable = false;
    this.owner = null;
  }

  private EventImpl(ThreadState owner) {
    this.reusable = true;
    this.owner = owner;
  }

  /**
   * Returns an event for a one-line call on the calling thread: the thread's reusable instance, or
   * a new one while that is taken (an event emitted from inside a subscriber's callback).
   */
  static EventImpl oneShot(ThreadState ts, Registry registry, Tracer tracer, Level level) {
    EventImpl e = ts.spareEvent;
    if (e == null) {
      ts.spareEvent = e = new EventImpl(ts);
    } else if (e.inUse) {
      return new EventImpl(registry, tracer, level);
    }
    e.inUse = true;
    e.registry = registry;
    e.tracer = tracer;
    e.level = level;
    e.parent = null;
    e.parentage = Parentage.CONTEXTUAL;
    e.message = "";
    e.logged = false;
    return e;
  }

  @Override
  public FieldTable writableFields() {
    if (logged) {
      return null;
    }
    FieldTable t = table;
    if (t == null) {
      table = t = new FieldTable();
    }
    return t;
  }

  @Override
  public EventImpl self() {
    return this;
  }

  /** Returns the fields written so far; callers must not write to it. */
  private FieldTable table() {
    FieldTable t = table;
    return t != null ? t : NO_FIELDS;
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
    if (parentage != Parentage.CONTEXTUAL) {
      parent = Parentage.resolve(parentage, parent);
    } else {
      Frame top = (owner != null ? owner : ThreadState.get()).liveTop();
      parent = top == null ? null : top.span;
    }
    epochNanos = parent == null ? EpochClock.nowNanos() : parent.epochNanosNow();
    try {
      registry.onEvent(this);
    } finally {
      if (reusable) {
        table().clear(); // no field value, message or parent stays reachable from the thread
        parent = null;
        message = "";
        registry = null;
        tracer = null;
        inUse = false;
      }
    }
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
    return tracer.target();
  }

  /** Returns which layers of {@link #registry} see this event, or {@link Registry#UNKNOWN_MASK}. */
  long layerMask() {
    return tracer.cachedInterest().layerMask(registry, level);
  }

  @Override
  public String message() {
    return message;
  }

  @Override
  public Fields fields() {
    return table();
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
    return "Event{" + level + " " + tracer.target() + ": " + message + "}";
  }
}
