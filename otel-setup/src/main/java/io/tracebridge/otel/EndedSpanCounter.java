package io.tracebridge.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.LongAdder;

/**
 * A span processor that only counts the sampled spans that end, so that {@link OtelSetup} can say at
 * shutdown how many of them each exporter never sent: a batch processor drops what its bounded queue
 * cannot hold, and says nothing. One counter increment per span.
 */
final class EndedSpanCounter implements SpanProcessor {
  private final LongAdder ended = new LongAdder();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled()) {
      ended.increment();
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** Sampled spans that have ended so far. */
  long ended() {
    return ended.sum();
  }

  @Override
  public String toString() {
    return "EndedSpanCounter";
  }
}
