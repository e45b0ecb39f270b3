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
  private final AtomicLong exportedTotal = new AtomicLong();
  private final AtomicLong failedTotal = new AtomicLong();

  private final String name;
  private final QueueDropWatcher drops;

  FailureStreakExporter(SpanExporter delegate) {
    this(delegate, null);
  }

  /** With {@code drops} (may be {@code null}) told of each successful export. */
  FailureStreakExporter(SpanExporter delegate, QueueDropWatcher drops) {
    this.delegate = delegate;
    this.name = describe(delegate);
    this.drops = drops;
  }

  /**
   * A short name for log lines: the exporter's class and, for the OTLP exporters (whose own
   * {@code toString} lists their whole configuration), the endpoint.
   */
  static String describe(SpanExporter exporter) {
    String text = String.valueOf(exporter);
    java.util.regex.Matcher endpoint = java.util.regex.Pattern.compile("endpoint=([^,}]+)").matcher(text);
    return endpoint.find()
        ? exporter.getClass().getSimpleName() + "(" + endpoint.group(1) + ")"
        : text;
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
      exportedTotal.addAndGet(size);
      if (drops != null) {
        drops.exported();
      }
      long failed = failedBatches.getAndSet(0);
      if (failed > 0) {
        long lost = lostSpans.getAndSet(0);
        LOG.info(
            "span export to " + name + " recovered after " + failed + " failed batch(es); "
                + lost + " span(s) in those batches were lost (spans the queue could not hold are"
            + " counted at shutdown)");
      }
      return;
    }
    failedTotal.addAndGet(size);
    lostSpans.addAndGet(size);
    if (failedBatches.getAndIncrement() == 0) {
      Throwable cause = outcome.getFailureThrowable();
      LOG.log(
          Level.WARNING,
          "span export to " + name + " failed; the application is unaffected, spans are"
              + " dropped until export succeeds again, and one line will say when it recovers",
          cause);
    }
  }

  /** Batches that failed in the current streak. */
  long failedBatches() {
    return failedBatches.get();
  }

  /** Spans this exporter sent successfully, in all. */
  long exportedSpans() {
    return exportedTotal.get();
  }

  /** Spans in batches that failed, in all. */
  long failedSpans() {
    return failedTotal.get();
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
    return name;
  }
}
