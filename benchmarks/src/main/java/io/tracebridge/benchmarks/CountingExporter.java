package io.tracebridge.benchmarks;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps an exporter and counts the spans whose batch it reported as exported. */
public final class CountingExporter implements SpanExporter {
  private final SpanExporter delegate;
  public final AtomicLong exported = new AtomicLong();
  public final AtomicLong failed = new AtomicLong();

  public CountingExporter(SpanExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> (result.isSuccess() ? exported : failed).addAndGet(n));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }
}
