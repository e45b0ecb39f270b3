package io.tracebridge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-thread tracing state: the stack of entered spans and the scoped default subscriber. One
 * thread-local holds both, so a context switch (attach or restore) costs one lookup.
 */
final class ThreadState {
  private static final ThreadLocal<ThreadState> LOCAL = ThreadLocal.withInitial(ThreadState::new);

  /**
   * Span ids are handed to threads in blocks of this many, so starting a span shares no counter.
   */
  static final int ID_BLOCK = 1024;

  private static final AtomicLong ID_BLOCKS = new AtomicLong();

  private long nextId;
  private long idLimit;

  final Thread thread = Thread.currentThread();

  /**
   * The innermost entered frame; frames exited from another thread are popped lazily, by {@link
   * #liveTop()}, which also announces their exits here.
   */
  Frame top;

  /** The scoped default registry, or {@code null} to use the global one. */
  Registry scoped;

  /** This thread's reusable event for one-line calls; see {@link EventImpl#oneShot}. */
  EventImpl spareEvent;

  /** This thread's table for the values of one {@code record} call, or {@code null} while taken. */
  FieldTable recordScratch = new FieldTable();

  /** The thread's name and id as its spans record them; see {@link #label()}. */
  static final class Label {
    final String name;
    final long id;

    Label(String name, long id) {
      this.name = name;
      this.id = id;
    }
  }

  private Label label;

  /**
   * Returns the thread's name and id now: one object shared by the spans it starts, so a span keeps
   * one reference instead of both, and made anew only when the thread has been renamed.
   */
  Label label() {
    String name = thread.getName();
    Label l = label;
    if (l == null || (l.name != name && !l.name.equals(name))) {
      label = l = new Label(name, thread.getId());
    }
    return l;
  }

  static ThreadState get() {
    return LOCAL.get();
  }

  /** Returns a span id no other span of this process has: positive, unique, not ordered. */
  long nextSpanId() {
    if (nextId == idLimit) {
      nextId = ID_BLOCKS.getAndAdd(ID_BLOCK) + 1;
      idLimit = nextId + ID_BLOCK;
    }
    return nextId++;
  }

  static Span currentSpan() {
    Frame f = get().liveTop();
    return f == null ? Span.none() : f.span;
  }

  static SpanImpl currentSpanImpl() {
    Frame f = get().liveTop();
    return f == null ? null : f.span;
  }

  /**
   * Returns the innermost frame still entered, dropping the exited ones above it and announcing, on
   * this (their owner) thread, the exits other threads owe for them. Called only on this state's
   * own thread.
   */
  Frame liveTop() {
    Frame f = top;
    while (f != null && f.isExited()) {
      f.settle();
      f = f.prev;
    }
    top = f;
    return f;
  }

  /** Exits every frame above {@code base}, innermost first, leaving {@code base} on top. */
  void unwindTo(Frame base) {
    Frame f = top;
    while (f != null && f != base) {
      Frame prev = f.prev;
      f.exitSilently();
      f = prev;
    }
    top = base;
  }
}
