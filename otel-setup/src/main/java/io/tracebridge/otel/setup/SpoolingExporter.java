package io.tracebridge.otel.setup;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Puts a {@link SpanSpool} behind an exporter. While the spool is empty, each batch goes straight
 * to the exporter; a batch the exporter fails to send goes to the spool instead, and from then on
 * every new batch goes to the spool behind it, so order holds. One daemon thread delivers the
 * spool, oldest first, through the same exporter; while delivery fails it retries the oldest batch
 * after a pause. Once the spool is empty again, batches go straight to the exporter.
 *
 * <p>The batch processor sees success for every batch that reached the exporter or the disk, so it
 * never drops one for export failure; it only waits for the exporter as it always did, and a
 * spooled batch costs it one file write. The request path is not involved: the batch processor's
 * queue stands between it and this class.
 */
final class SpoolingExporter implements SpanExporter {
  private static final Logger LOG = Logger.getLogger(SpoolingExporter.class.getName());

  /** How long delivery waits after a failed attempt before it tries the oldest batch again. */
  static final long RETRY_PAUSE_MILLIS = 1_000;

  private final SpanExporter delegate;
  private final SpanSpool spool;
  private final String name;
  private final Thread drainer;
  private final Object signal = new Object();
  private volatile boolean closed;

  private final AtomicLong sentDirectly = new AtomicLong();
  private final AtomicLong lostSpans = new AtomicLong();
  private volatile boolean outage;
  // Whether this outage's WARNING was logged; read and written under the signal's monitor.
  private boolean announced;
  private boolean warnedLost;

  SpoolingExporter(SpanExporter delegate, SpanSpool spool) {
    this.delegate = delegate;
    this.spool = spool;
    this.name = FailureStreakExporter.describe(delegate);
    if (spool.restoredSpans() > 0) {
      LOG.info(
          "export spool "
              + spool.directory()
              + " holds "
              + spool.restoredSpans()
              + " span(s) from an earlier run; delivering them to "
              + name
              + " before new ones");
      outage = true;
    }
    this.drainer = new Thread(this::drain, "tracebridge-spool-delivery");
    drainer.setDaemon(true);
    drainer.start();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (!spool.isEmpty()) {
      return toSpool(spans, false, null);
    }
    CompletableResultCode sent;
    try {
      sent = delegate.export(spans);
    } catch (RuntimeException e) {
      sent = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode result = new CompletableResultCode();
    CompletableResultCode attempt = sent;
    attempt.whenComplete(
        () -> {
          if (attempt.isSuccess()) {
            sentDirectly.addAndGet(spans.size());
            result.succeed();
          } else {
            CompletableResultCode spooled = toSpool(spans, true, attempt.getFailureThrowable());
            if (spooled.isSuccess()) {
              result.succeed();
            } else {
              result.fail();
            }
          }
        });
    return result;
  }

  /**
   * Writes a batch to the spool and wakes the delivery thread; {@code failed} when the exporter has
   * just failed to send it ({@code cause}, if it gave one), rather than because the spool is not
   * empty.
   */
  private CompletableResultCode toSpool(
      Collection<SpanData> spans, boolean failed, Throwable cause) {
    try {
      spool.append(spans);
    } catch (Exception e) { // the disk is full or gone: these spans are lost, and counted
      lostSpans.addAndGet(spans.size());
      warnLostOnce(e);
      return CompletableResultCode.ofFailure();
    }
    // Under the delivery thread's monitor, so an outage that starts just as the spool empties is
    // not mistaken for the end of the last one (see idleWhileEmpty).
    synchronized (signal) {
      outage = true;
      if (failed) {
        announce(cause);
      }
      signal.notifyAll();
    }
    return CompletableResultCode.ofSuccess();
  }

  /** The outage's one WARNING, at its first failed send, direct or from the spool. */
  private void announce(Throwable cause) {
    synchronized (signal) {
      if (announced) {
        return;
      }
      announced = true;
    }
    LOG.warning(
        FailureStreakExporter.failed(name, cause)
            + "; spooling spans to "
            + spool.directory()
            + " (at most "
            + spool.maxBytes()
            + " bytes, the oldest dropped first and counted) until it recovers; the application"
            + " is unaffected");
  }

  private synchronized void warnLostOnce(Exception e) {
    if (!warnedLost) {
      warnedLost = true;
      LOG.warning(
          "the export spool "
              + spool.directory()
              + " cannot be written ("
              + e
              + "); spans that cannot be sent are lost until it can, counted at shutdown");
    }
  }

  /** The delivery thread: oldest batch first, until closed. */
  private void drain() {
    long deliveredInOutage = 0;
    while (!closed) {
      SpanSpool.Entry oldest = spool.claimOldest();
      if (oldest == null) {
        idleWhileEmpty(deliveredInOutage);
        deliveredInOutage = 0;
        continue;
      }
      List<SpanData> batch = spool.read(oldest);
      if (batch == null) {
        LOG.warning(
            "export spool "
                + spool.directory()
                + ": skipped an unreadable file ("
                + spool.lastCorruption()
                + "); its spans are counted as lost, the rest are delivered");
        continue;
      }
      CompletableResultCode sent;
      try {
        sent = delegate.export(batch).join(60, TimeUnit.SECONDS);
      } catch (RuntimeException e) {
        sent = CompletableResultCode.ofFailure();
      }
      if (sent.isSuccess()) {
        spool.delivered(oldest);
        deliveredInOutage += batch.size();
      } else {
        spool.release(oldest);
        // A spool left by an earlier run meets a collector that is down: say so once, too.
        announce(sent.getFailureThrowable());
        awaitWork(RETRY_PAUSE_MILLIS);
      }
    }
  }

  /**
   * The spool is empty: ends the outage (one INFO if it delivered anything) and waits for a batch.
   * Checked again under the monitor {@link #toSpool} writes under, so a batch spooled meanwhile
   * keeps the outage, and its WARNING, going.
   */
  private void idleWhileEmpty(long deliveredInOutage) {
    synchronized (signal) {
      if (closed || !spool.isEmpty()) {
        return;
      }
      if (outage && deliveredInOutage > 0) {
        LOG.info(
            "span export to "
                + name
                + " recovered; "
                + deliveredInOutage
                + " spooled span(s) delivered from "
                + spool.directory());
      }
      outage = false;
      announced = false;
      awaitSignal(0);
    }
  }

  /** Waits for a spooled batch or for shutdown, at most {@code millis} (0: no limit). */
  private void awaitWork(long millis) {
    synchronized (signal) {
      if (!closed) {
        awaitSignal(millis);
      }
    }
  }

  private void awaitSignal(long millis) {
    try {
      signal.wait(millis);
    } catch (InterruptedException e) {
      closed = true;
    }
  }

  /** Spans the exporter sent on the first try. */
  long sentDirectly() {
    return sentDirectly.get();
  }

  /** Spans neither sent nor spooled, because the spool could not be written. */
  long lostSpans() {
    return lostSpans.get();
  }

  SpanSpool spool() {
    return spool;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  /**
   * Stops delivery and releases the spool; what it still holds stays on disk for the next start
   * with the same directory.
   */
  @Override
  public CompletableResultCode shutdown() {
    closed = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    drainer.interrupt();
    try {
      drainer.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      spool.close();
    } catch (Exception e) {
      LOG.fine("closing the export spool: " + e);
    }
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return name;
  }
}
