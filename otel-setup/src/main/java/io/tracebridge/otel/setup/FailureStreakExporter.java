package io.tracebridge.otel.setup;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private final AtomicLong handedTotal = new AtomicLong();

  private final String name;

  FailureStreakExporter(SpanExporter delegate) {
    this.delegate = delegate;
    this.name = describe(delegate);
  }

  /**
   * A short name for log lines: the exporter's class and, for the OTLP exporters (whose own {@code
   * toString} lists their whole configuration), the endpoint.
   */
  static String describe(SpanExporter exporter) {
    String text = String.valueOf(exporter);
    Matcher endpoint = Pattern.compile("endpoint=([^,}]+)").matcher(text);
    return endpoint.find()
        ? exporter.getClass().getSimpleName() + "(" + endpoint.group(1) + ")"
        : text;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    handedTotal.addAndGet(spans.size());
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
      long failed = failedBatches.getAndSet(0);
      if (failed > 0) {
        long lost = lostSpans.getAndSet(0);
        LOG.info(
            "span export to "
                + name
                + " recovered after "
                + failed
                + " failed batch(es); "
                + lost
                + " span(s) in those batches were lost (spans the queue could not hold are"
                + " counted at shutdown)");
      }
      return;
    }
    failedTotal.addAndGet(size);
    lostSpans.addAndGet(size);
    if (failedBatches.getAndIncrement() == 0) {
      // The cause without its stack trace: the exporter logs that itself, through OpenTelemetry's
      // own logger, which is the user's to keep or quiet.
      Throwable cause = outcome.getFailureThrowable();
      LOG.warning(
          failed(name, cause)
              + "; the application is unaffected, spans are dropped until export succeeds again,"
              + " and one line will say when it recovers");
    }
  }

  /**
   * "span export to {@code name} failed", with what went wrong in one line if it is known: the
   * exporters wrap the cause (an I/O error) in their own type, so the wrapped one is named.
   */
  static String failed(String name, Throwable cause) {
    Throwable root = cause == null || cause.getCause() == null ? cause : cause.getCause();
    return "span export to " + name + " failed" + (root == null ? "" : " (" + root + ")");
  }

  /** The exporter this one wraps. */
  SpanExporter delegate() {
    return delegate;
  }

  /** Batches that failed in the current streak. */
  long failedBatches() {
    return failedBatches.get();
  }

  /** Spans handed to this exporter, in all, counted as each export begins. */
  long handedSpans() {
    return handedTotal.get();
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
