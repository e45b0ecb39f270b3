package io.tracebridge.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wraps a span exporter so that a collector that is down produces one WARNING when export starts
 * failing and one INFO when it recovers (with how many batches and spans were lost), instead of a
 * log line per failed batch. The application never sees export failures either way.
 */
final class FailureStreakExporter implements SpanExporter {
  private static final Logger LOG = Logger.getLogger(FailureStreakExporter.class.getName());

  private final SpanExporter delegate;
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong lostSpans = new AtomicLong();

  FailureStreakExporter(SpanExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result;
    try {
      result = delegate.export(spans);
    } catch (RuntimeException e) {
      result = CompletableResultCode.ofExceptionalFailure(e);
    }
    CompletableResultCode outcome = result;
    int size = spans.size();
    outcome.whenComplete(() -> onOutcome(outcome, size));
    return outcome;
  }

  private void onOutcome(CompletableResultCode outcome, int size) {
    if (outcome.isSuccess()) {
      long failed = failedBatches.getAndSet(0);
      if (failed > 0) {
        long lost = lostSpans.getAndSet(0);
        LOG.info(
            "span export to " + delegate + " recovered after " + failed + " failed batch(es); "
                + lost + " span(s) were not exported during the outage");
      }
      return;
    }
    lostSpans.addAndGet(size);
    if (failedBatches.getAndIncrement() == 0) {
      Throwable cause = outcome.getFailureThrowable();
      LOG.log(
          Level.WARNING,
          "span export to " + delegate + " failed; the application is unaffected, spans are"
              + " dropped until export succeeds again, and one line will say when it recovers",
          cause);
    }
  }

  /** Batches that failed in the current streak. */
  long failedBatches() {
    return failedBatches.get();
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
