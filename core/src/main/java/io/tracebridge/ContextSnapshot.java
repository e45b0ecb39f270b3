package io.tracebridge;

import io.tracebridge.subscriber.SpanData;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * An immutable capture of the calling thread's tracing context (the current span, the scoped
 * default subscriber, and whatever registered {@link Participant}s carry, such as the OpenTelemetry
 * context) that can be attached on another thread. Every cross-thread helper in this package is
 * built on it.
 *
 * <pre>{@code
 * ContextSnapshot ctx = ContextSnapshot.capture();      // on the submitting thread
 * pool.execute(ctx.wrap(() -> TRACER.info("in the submitter's span")));
 * }</pre>
 *
 * <p><b>Attach semantics.</b> {@link #attach()} makes the snapshot the whole context of the thread
 * until the scope closes: spans entered there before are hidden meanwhile, and when the scope
 * closes, any span that the work entered and forgot to exit is exited, so a pool thread never keeps
 * a span current after its task returns.
 *
 * <p><b>Work that outlives its span.</b> If the captured span has closed by the time the work runs
 * (fire-and-forget tasks), it is still made current, so spans and events of the work keep it as
 * their parent; it just gets no further enter or exit callbacks or busy time.
 *
 * <p>Thread-safe and immutable.
 */
public final class ContextSnapshot {
  private static final Logger LOG = Logger.getLogger(ContextSnapshot.class.getName());

  /** What a participant that fails to capture or restore loses, as its warning states it. */
  private static final String NOT_CARRIED =
      "its piece of context is not carried; the span and the other participants are";

  private static final CopyOnWriteArrayList<Participant> PARTICIPANTS =
      new CopyOnWriteArrayList<>();
  private static final Object[] NO_STATES = new Object[0];
  private static final AtomicBoolean FOREIGN_CLOSE_WARNED = new AtomicBoolean();
  private static final ContextSnapshot EMPTY =
      new ContextSnapshot(null, null, NO_STATES, null, true);

  private final SpanImpl span;
  private final Registry scoped;
  private final Object[] states;
  private final Participant[] participants;

  /**
   * Whether the participants' state was captured while {@link #span} was the current span. Then it
   * is the more precise context (it may hold what was made current on top of the span, such as
   * baggage) and is restored after entering the span; otherwise the span's own context wins.
   */
  private final boolean capturedInSpan;

  private ContextSnapshot(
      SpanImpl span,
      Registry scoped,
      Object[] states,
      Participant[] participants,
      boolean capturedInSpan) {
    this.span = span;
    this.scoped = scoped;
    this.states = states;
    this.participants = participants;
    this.capturedInSpan = capturedInSpan;
  }

  /**
   * Carries a piece of context that is not a tracebridge span, such as the OpenTelemetry {@code
   * Context}, through every snapshot. Registered once, globally, by an integration.
   */
  public interface Participant {
    /**
     * Captures this participant's state on the calling thread.
     *
     * @return the state, or {@code null} if there is nothing to carry
     */
    @Nullable Object capture();

    /**
     * Makes a captured state current on the calling thread.
     *
     * @param state what {@link #capture()} returned, never {@code null}
     * @return the scope that undoes it
     */
    Scope restore(Object state);
  }

  /**
   * Registers a participant for every snapshot captured from now on. Registering the same instance
   * twice has no effect.
   *
   * @param participant the participant
   */
  public static void register(Participant participant) {
    PARTICIPANTS.addIfAbsent(Objects.requireNonNull(participant, "participant"));
  }

  /**
   * Removes a registered participant.
   *
   * @param participant the participant
   */
  public static void unregister(Participant participant) {
    PARTICIPANTS.remove(participant);
  }

  /**
   * Returns how many times registered participants have thrown (capturing, restoring, or closing
   * what a restore returned) in this process. A participant that throws only loses its own piece of
   * context: the snapshot's span and the other participants are still carried. The first failure of
   * each participant class is also logged at WARNING.
   *
   * @return the failure count
   */
  public static long participantFailureCount() {
    return ParticipantFailures.count();
  }

  /**
   * Captures the calling thread's context: Rust's {@code in_current_span}.
   *
   * @return the snapshot
   */
  public static ContextSnapshot capture() {
    return create(ThreadState.currentSpanImpl(), Dispatch.currentScoped(), true);
  }

  /**
   * Returns a snapshot whose span is {@code span}, with the calling thread's other context. For
   * {@link Span#none()}, captures the current span instead, as the disabled span is transparent.
   *
   * @param span the span to carry
   * @return the snapshot
   */
  public static ContextSnapshot of(Span span) {
    SpanData data = span.data();
    if (!(data instanceof SpanImpl)) {
      return capture();
    }
    SpanImpl impl = (SpanImpl) data;
    Registry scoped = impl.registry == Dispatch.global() ? Dispatch.currentScoped() : impl.registry;
    return create(impl, scoped, impl == ThreadState.currentSpanImpl());
  }

  /**
   * Returns a snapshot with no span and no scoped subscriber: work attached to it runs outside any
   * span.
   *
   * @return the empty snapshot
   */
  public static ContextSnapshot empty() {
    return EMPTY;
  }

  private static ContextSnapshot create(SpanImpl span, Registry scoped, boolean capturedInSpan) {
    if (PARTICIPANTS.isEmpty()) {
      return span == null && scoped == null
          ? EMPTY
          : new ContextSnapshot(span, scoped, NO_STATES, null, capturedInSpan);
    }
    Participant[] ps = PARTICIPANTS.toArray(new Participant[0]);
    Object[] captured = new Object[ps.length];
    for (int i = 0; i < ps.length; i++) {
      try {
        captured[i] = ps[i].capture();
      } catch (RuntimeException e) {
        ParticipantFailures.failed(ps[i], "capturing its state", NOT_CARRIED, e);
      }
    }
    return new ContextSnapshot(span, scoped, captured, ps, capturedInSpan);
  }

  /**
   * Returns the captured span.
   *
   * @return the span, or {@link Span#none()} if none was current
   */
  public Span span() {
    return span == null ? Span.none() : span;
  }

  /**
   * Makes this snapshot the calling thread's context until the returned scope is closed, on this
   * thread.
   *
   * @return the scope that restores the previous context
   */
  public Scope attach() {
    ThreadState ts = ThreadState.get();
    Frame savedTop = ts.liveTop();
    Registry savedScoped = ts.scoped;
    Scope dispatchScope = scoped == null ? Scope.NOOP : Dispatch.install(scoped);
    if (scoped == null) {
      ts.scoped = null;
    }
    ts.top = null;
    Scope[] restored = null;
    if (!capturedInSpan) {
      restored = restoreParticipants();
    }
    if (span != null) {
      span.attachAsContext();
    }
    Frame attached = ts.top;
    if (capturedInSpan) {
      restored = restoreParticipants();
    }
    return new Attached(
        ts, savedTop, savedScoped, dispatchScope, participants, restored, capturedInSpan, attached);
  }

  private Scope[] restoreParticipants() {
    if (participants == null) {
      return null;
    }
    Scope[] scopes = new Scope[participants.length];
    for (int i = 0; i < participants.length; i++) {
      scopes[i] = Scope.NOOP;
      if (states[i] != null) {
        try {
          scopes[i] = participants[i].restore(states[i]);
        } catch (RuntimeException e) {
          ParticipantFailures.failed(participants[i], "restoring its state", NOT_CARRIED, e);
        }
      }
    }
    return scopes;
  }

  private static final class Attached implements Scope {
    private final ThreadState ts;
    private final Frame savedTop;
    private final Registry savedScoped;
    private final Scope dispatchScope;
    // What restored[i] came from, to name it if closing restored[i] fails.
    private final Participant[] participants;
    private final Scope[] restored;
    private final boolean participantsLast;

    /** The frame of the snapshot's own span, or {@code null}: frames above it are the work's. */
    private final Frame attached;

    private boolean closed;

    Attached(
        ThreadState ts,
        Frame savedTop,
        Registry savedScoped,
        Scope dispatchScope,
        Participant[] participants,
        Scope[] restored,
        boolean participantsLast,
        Frame attached) {
      this.ts = ts;
      this.savedTop = savedTop;
      this.savedScoped = savedScoped;
      this.dispatchScope = dispatchScope;
      this.participants = participants;
      this.restored = restored;
      this.participantsLast = participantsLast;
      this.attached = attached;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != ts.thread) {
        // Undoing an attach restores thread-local state (the span stack, OpenTelemetry's context),
        // which only the attaching thread can do; doing it here would corrupt both threads.
        if (FOREIGN_CLOSE_WARNED.compareAndSet(false, true)) {
          LOG.warning(
              "a ContextSnapshot scope attached on "
                  + ts.thread
                  + " was closed on "
                  + Thread.currentThread()
                  + "; ignored: close it on the thread that attached it (this is logged once)");
        }
        return;
      }
      closed = true;
      // Undo in the reverse order of attach: first whatever the work entered and left open, then
      // the
      // participants restored on top of the snapshot's span, then that span. OpenTelemetry scopes
      // only close from the innermost outwards, so the order matters.
      if (participantsLast) {
        ts.unwindTo(attached);
        closeParticipants();
      }
      ts.unwindTo(null);
      ts.top = savedTop;
      if (!participantsLast) {
        closeParticipants();
      }
      dispatchScope.close();
      ts.scoped = savedScoped;
    }

    private void closeParticipants() {
      if (restored == null) {
        return;
      }
      for (int i = restored.length - 1; i >= 0; i--) {
        try {
          restored[i].close();
        } catch (RuntimeException e) {
          ParticipantFailures.failed(
              participants[i],
              "closing the scope its restore returned",
              "its piece of context may stay on the thread; the span and the other participants"
                  + " were restored",
              e);
        }
      }
    }
  }

  /**
   * Returns a task that runs {@code task} with this snapshot attached.
   *
   * @param task the task
   * @return the wrapped task
   */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = attach()) {
        task.run();
      }
    };
  }

  /**
   * Returns a task that calls {@code task} with this snapshot attached.
   *
   * @param task the task
   * @param <T> the result type
   * @return the wrapped task
   */
  public <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = attach()) {
        return task.call();
      }
    };
  }

  /**
   * Returns a supplier that runs {@code supplier} with this snapshot attached.
   *
   * @param supplier the supplier
   * @param <T> the result type
   * @return the wrapped supplier
   */
  public <T> Supplier<T> wrapSupplier(Supplier<T> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> {
      try (Scope ignored = attach()) {
        return supplier.get();
      }
    };
  }

  /**
   * Returns a function that applies {@code function} with this snapshot attached.
   *
   * @param function the function
   * @param <T> the argument type
   * @param <R> the result type
   * @return the wrapped function
   */
  public <T, R> Function<T, R> wrapFunction(Function<T, R> function) {
    Objects.requireNonNull(function, "function");
    return t -> {
      try (Scope ignored = attach()) {
        return function.apply(t);
      }
    };
  }

  /**
   * Returns a consumer that accepts with {@code consumer} with this snapshot attached.
   *
   * @param consumer the consumer
   * @param <T> the argument type
   * @return the wrapped consumer
   */
  public <T> Consumer<T> wrapConsumer(Consumer<T> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return t -> {
      try (Scope ignored = attach()) {
        consumer.accept(t);
      }
    };
  }

  /**
   * Returns a function that applies {@code function} with this snapshot attached.
   *
   * @param function the function
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @param <R> the result type
   * @return the wrapped function
   */
  public <T, U, R> BiFunction<T, U, R> wrapBiFunction(BiFunction<T, U, R> function) {
    Objects.requireNonNull(function, "function");
    return (t, u) -> {
      try (Scope ignored = attach()) {
        return function.apply(t, u);
      }
    };
  }

  /**
   * Returns a consumer that accepts with {@code consumer} with this snapshot attached.
   *
   * @param consumer the consumer
   * @param <T> the first argument type
   * @param <U> the second argument type
   * @return the wrapped consumer
   */
  public <T, U> BiConsumer<T, U> wrapBiConsumer(BiConsumer<T, U> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return (t, u) -> {
      try (Scope ignored = attach()) {
        consumer.accept(t, u);
      }
    };
  }

  @Override
  public String toString() {
    return "ContextSnapshot{span=" + span + "}";
  }
}
