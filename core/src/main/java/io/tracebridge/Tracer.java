package io.tracebridge;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The per-class handle that creates spans and events, declared like an SLF4J logger:
 *
 * <pre>{@code
 * private static final Tracer TRACER = Tracer.forClass(CheckoutService.class);
 *
 * TRACER.atInfo().field("user_id", 42).log("Processing request");
 * try (EnteredSpan s = TRACER.infoSpan("load_cart").field("user_id", 42).entered()) { ... }
 * }</pre>
 *
 * <p>Its target, which filters match against, is the class name, or any name given to {@link
 * #named(String)}.
 *
 * <p><b>Cost when disabled.</b> Before anything is built, three checks run: the static ceiling from
 * the {@code tracebridge.max_level} system property (a constant the JIT folds), the most verbose
 * level any installed subscriber could enable (one volatile read), and this tracer's cached
 * interest for its target (one more). A disabled call returns a shared no-op builder: no
 * allocation, no boxing, no formatting. Subscribers' answers are cached here per target and level,
 * the Java counterpart of {@code tracing}'s per-callsite interest; {@link
 * Dispatch#rebuildInterestCache()} invalidates them.
 *
 * <p>Thread-safe. Never throws on the request path.
 */
public final class Tracer {
  static final int EPOCH_MASK = 0x07FF_FFFF;

  private final String target;

  /** The cached interest; a benign race, as a stale value only forces a recompute. */
  private Interest interest = Interest.UNKNOWN;

  private Tracer(String target) {
    this.target = target;
  }

  /**
   * Returns a tracer whose target is {@code type}'s fully qualified name.
   *
   * @param type the class that emits the spans and events
   * @return the tracer
   */
  public static Tracer forClass(Class<?> type) {
    return new Tracer(Objects.requireNonNull(type, "type").getName());
  }

  /**
   * Returns a tracer with a target of your choice, e.g. {@code "com.acme.db"} or {@code "audit"}.
   *
   * @param target the target
   * @return the tracer
   * @throws IllegalArgumentException if {@code target} is blank
   */
  public static Tracer named(String target) {
    Objects.requireNonNull(target, "target");
    if (target.isBlank()) {
      throw new IllegalArgumentException("a tracer target must not be blank: '" + target + "'");
    }
    return new Tracer(target);
  }

  /**
   * Returns this tracer's target.
   *
   * @return the target
   */
  public String target() {
    return target;
  }

  /**
   * Returns whether spans and events of {@code level} from this tracer reach any subscriber.
   *
   * @param level the level
   * @return {@code true} if enabled
   */
  public boolean isEnabled(Level level) {
    int ordinal = level.ordinal();
    if (ordinal < StaticMaxLevel.MIN_ORDINAL || ordinal < Dispatch.minOrdinal) {
      return false;
    }
    return (interest().levels & (1 << ordinal)) != 0;
  }

  /** Returns the interest as last computed, without checking the epoch. */
  Interest cachedInterest() {
    return interest;
  }

  private Interest interest() {
    Interest cached = interest;
    int epoch = Dispatch.epoch;
    if (cached.epoch != epoch) {
      cached = Dispatch.interest(target, epoch);
      interest = cached;
    }
    return cached;
  }

  /** Returns the registry for an enabled level, or {@code null} if the current one declines it. */
  private Registry registryFor(Level level) {
    if (!isEnabled(level)) {
      return null;
    }
    Registry registry = Dispatch.current();
    if (Dispatch.scopedLive != 0 && !registry.enabled(level, target)) {
      return null;
    }
    return registry;
  }

  /**
   * Starts describing a span.
   *
   * @param level the span's level
   * @param name the span's name, e.g. {@code process_request}
   * @return a builder; the shared no-op one if the level is disabled
   */
  public SpanBuilder span(Level level, String name) {
    Registry registry = registryFor(level);
    return registry == null
        ? NoopSpanBuilder.INSTANCE
        : new SpanImpl(registry, target, level, name, interest.layerMask(registry, level));
  }

  /**
   * Starts describing a TRACE span.
   *
   * @param name the span's name
   * @return a builder
   */
  public SpanBuilder traceSpan(String name) {
    return span(Level.TRACE, name);
  }

  /**
   * Starts describing a DEBUG span.
   *
   * @param name the span's name
   * @return a builder
   */
  public SpanBuilder debugSpan(String name) {
    return span(Level.DEBUG, name);
  }

  /**
   * Starts describing an INFO span.
   *
   * @param name the span's name
   * @return a builder
   */
  public SpanBuilder infoSpan(String name) {
    return span(Level.INFO, name);
  }

  /**
   * Starts describing a WARN span.
   *
   * @param name the span's name
   * @return a builder
   */
  public SpanBuilder warnSpan(String name) {
    return span(Level.WARN, name);
  }

  /**
   * Starts describing an ERROR span.
   *
   * @param name the span's name
   * @return a builder
   */
  public SpanBuilder errorSpan(String name) {
    return span(Level.ERROR, name);
  }

  /**
   * Runs {@code action} in a new INFO span named {@code name}: {@code #[instrument]} for a lambda.
   * Use {@code infoSpan(name).field(..).run(action)} to add fields.
   *
   * @param name the span's name
   * @param action the action; an exception is recorded on the span and rethrown unchanged
   */
  public void inSpan(String name, Runnable action) {
    span(Level.INFO, name).run(action);
  }

  /**
   * Runs {@code action} in a new INFO span named {@code name} and returns its result.
   *
   * @param name the span's name
   * @param action the action; an exception is recorded on the span and rethrown unchanged
   * @param <T> the result type
   * @return what {@code action} returned
   */
  public <T> T inSpan(String name, Supplier<T> action) {
    return span(Level.INFO, name).get(action);
  }

  /**
   * Starts describing an event.
   *
   * @param level the event's level
   * @return a builder; the shared no-op one if the level is disabled
   */
  public EventBuilder at(Level level) {
    Registry registry = registryFor(level);
    return registry == null ? NoopEventBuilder.INSTANCE : new EventImpl(registry, this, level);
  }

  /**
   * Starts describing a TRACE event.
   *
   * @return a builder
   */
  public EventBuilder atTrace() {
    return at(Level.TRACE);
  }

  /**
   * Starts describing a DEBUG event.
   *
   * @return a builder
   */
  public EventBuilder atDebug() {
    return at(Level.DEBUG);
  }

  /**
   * Starts describing an INFO event.
   *
   * @return a builder
   */
  public EventBuilder atInfo() {
    return at(Level.INFO);
  }

  /**
   * Starts describing a WARN event.
   *
   * @return a builder
   */
  public EventBuilder atWarn() {
    return at(Level.WARN);
  }

  /**
   * Starts describing an ERROR event.
   *
   * @return a builder
   */
  public EventBuilder atError() {
    return at(Level.ERROR);
  }

  /**
   * Emits a TRACE event with no fields.
   *
   * @param message the message
   */
  public void trace(String message) {
    emit(Level.TRACE, message);
  }

  /**
   * Emits a DEBUG event with no fields.
   *
   * @param message the message
   */
  public void debug(String message) {
    emit(Level.DEBUG, message);
  }

  /**
   * Emits an INFO event with no fields.
   *
   * @param message the message
   */
  public void info(String message) {
    emit(Level.INFO, message);
  }

  /**
   * Emits a WARN event with no fields.
   *
   * @param message the message
   */
  public void warn(String message) {
    emit(Level.WARN, message);
  }

  /**
   * Emits an ERROR event with no fields.
   *
   * @param message the message
   */
  public void error(String message) {
    emit(Level.ERROR, message);
  }

  /**
   * Emits an ERROR event carrying {@code error}.
   *
   * @param message the message
   * @param error the error
   */
  public void error(String message, Throwable error) {
    EventImpl event = oneShot(Level.ERROR);
    if (event != null) {
      event.error(error);
      event.log(message);
    }
  }

  /** Emits a one-line event through the thread's reusable event: nothing of ours is allocated. */
  private void emit(Level level, String message) {
    EventImpl event = oneShot(level);
    if (event != null) {
      event.log(message);
    }
  }

  private EventImpl oneShot(Level level) {
    Registry registry = registryFor(level);
    return registry == null ? null : EventImpl.oneShot(ThreadState.get(), registry, this, level);
  }

  @Override
  public String toString() {
    return "Tracer(" + target + ")";
  }
}
