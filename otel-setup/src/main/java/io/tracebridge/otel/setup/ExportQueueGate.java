package io.tracebridge.otel.setup;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Stands in front of a batch span processor and keeps its queue from ever overflowing, so that no
 * span is dropped where nobody counts it: a sampled span that ends while the processor already
 * holds {@code capacity} spans not yet handed to its exporter is dropped and counted here instead.
 *
 * <p>Spans held by the processor are the spans let through minus the spans its exporters were
 * handed, which tracebridge's own {@link FailureStreakExporter} wrappers count; no log line or
 * internal of the SDK is read. Spans in the batch being exported count as held too, so the
 * processor's queue holds at most {@code capacity} and never refuses one: the gate drops a little
 * earlier than the processor would, by at most one batch.
 *
 * <p>One WARNING when spans start being dropped, one INFO with the total once the queue has drained
 * to half, and the running totals for {@link OtelSetup}'s summary at shutdown. One atomic increment
 * and one read per exporter per span.
 */
final class ExportQueueGate implements SpanProcessor {
  private static final Logger LOG = Logger.getLogger(ExportQueueGate.class.getName());

  private final BatchSpanProcessor batch;
  private final long capacity;

  /** The exporters the batch processor hands its batches to; each is handed every batch. */
  private volatile List<FailureStreakExporter> batched = List.of();

  /** Sampled spans let through to the batch processor. */
  private final AtomicLong admitted = new AtomicLong();

  private final LongAdder dropped = new LongAdder();
  private final LongAdder droppedInStreak = new LongAdder();
  private final AtomicBoolean overflowing = new AtomicBoolean();

  /**
   * Guards {@code batch}, which holds at most {@code capacity} spans ({@code
   * otel.bsp.max.queue.size}).
   */
  ExportQueueGate(BatchSpanProcessor batch, long capacity) {
    this.batch = batch;
    this.capacity = capacity;
  }

  /** The exporter the batch processor exports through (one of ours, or a composite of them). */
  SpanExporter batchExporter() {
    return batch.getSpanExporter();
  }

  /** Names the exporters {@code batch} exports through; until then, nothing counts as handed. */
  void exportsThrough(List<FailureStreakExporter> exporters) {
    this.batched = List.copyOf(exporters);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    batch.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return batch.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      batch.onEnd(span); // the batch processor does not queue it
      return;
    }
    long before = admitted.getAndIncrement();
    long held = before - handed();
    if (held >= capacity) {
      admitted.decrementAndGet();
      drop();
      return;
    }
    batch.onEnd(span);
    if (held < capacity / 2 && overflowing.get() && overflowing.compareAndSet(true, false)) {
      LOG.info(
          "span export caught up; "
              + droppedInStreak.sumThenReset()
              + " span(s) were dropped while the export queue was full");
    }
  }

  private void drop() {
    dropped.increment();
    droppedInStreak.increment();
    if (!overflowing.get() && overflowing.compareAndSet(false, true)) {
      LOG.warning(
          "the span export queue is full ("
              + capacity
              + " spans): spans are dropped, the application is unaffected; the count is logged"
              + " when export catches up, and at shutdown");
    }
  }

  /**
   * Spans the batch processor has handed to its exporters: each exporter is handed every batch, one
   * after another, so the least any of them was handed (never more than the truth).
   */
  long handed() {
    List<FailureStreakExporter> exporters = batched;
    if (exporters.isEmpty()) {
      return 0;
    }
    long least = Long.MAX_VALUE;
    for (int i = 0; i < exporters.size(); i++) {
      least = Math.min(least, exporters.get(i).handedSpans());
    }
    return least;
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Sampled spans that ended and were offered to the batch processor: let through or dropped. */
  long offered() {
    return admitted.get() + dropped.sum();
  }

  /** Spans dropped because the queue was full, in all. */
  long dropped() {
    return dropped.sum();
  }

  /**
   * Spans let through but not yet handed to an exporter: still queued, or in a batch being made.
   */
  long unsent() {
    return Math.max(0, admitted.get() - handed());
  }

  /** Whether {@code exporter} is one the batch processor exports through. */
  boolean exportsThrough(FailureStreakExporter exporter) {
    return batched.contains(exporter);
  }

  @Override
  public CompletableResultCode shutdown() {
    return batch.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batch.forceFlush();
  }

  @Override
  public void close() {
    batch.close();
  }

  @Override
  public String toString() {
    return "ExportQueueGate{capacity=" + capacity + ", batch=" + batch + "}";
  }
}
