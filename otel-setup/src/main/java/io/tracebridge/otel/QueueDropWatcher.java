package io.tracebridge.otel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the batch span processor's "dropped N span(s) since the last export because the queue is
 * full" warnings, which it logs at every export while its queue overflows, into one WARNING when
 * the queue starts overflowing and one INFO with the total when exports catch up again, and counts
 * every dropped span. A {@code java.util.logging} filter on the processor's logger, installed by
 * {@link OtelSetup} unless that logger was configured by the application.
 */
final class QueueDropWatcher implements Filter {
  static final String PROCESSOR_LOGGER = "io.opentelemetry.sdk.trace.export.BatchSpanProcessor";
  private static final Logger LOG = Logger.getLogger(QueueDropWatcher.class.getName());
  private static final Pattern DROPPED = Pattern.compile("dropped (\\d+) span\\(s\\) since the last export");

  private final LongAdder total = new LongAdder();
  private final LongAdder inStreak = new LongAdder();
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private volatile boolean droppedSinceExport;

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    Matcher m = message == null ? null : DROPPED.matcher(message);
    if (m == null || !m.find()) {
      return true; // anything else the processor says is let through
    }
    long dropped = Long.parseLong(m.group(1));
    total.add(dropped);
    inStreak.add(dropped);
    droppedSinceExport = true;
    if (overflowing.compareAndSet(false, true)) {
      LOG.warning("the span export queue is full: spans are dropped, the application is unaffected;"
          + " the count is logged when export catches up, and at shutdown");
    }
    return false;
  }

  /** Called after each successful export: an export with no drop since the previous one ends a streak. */
  void exported() {
    if (droppedSinceExport) {
      droppedSinceExport = false;
      return;
    }
    if (overflowing.compareAndSet(true, false)) {
      LOG.info("span export caught up; " + inStreak.sumThenReset()
          + " span(s) were dropped while the export queue was full");
    }
  }

  /** Spans the batch processors reported dropped because their queue was full, in all. */
  long dropped() {
    return total.sum();
  }
}
