package io.tracebridge.otel.setup;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exporter stuck on every batch until released (at most 30 s), like a collector that never
 * answers; then it succeeds and counts what it exported. Shutdown releases it.
 */
final class StuckExporter implements SpanExporter {
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicLong exported = new AtomicLong();

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exported.addAndGet(spans.size());
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    release.countDown();
    return CompletableResultCode.ofSuccess();
  }
}
