package io.tracebridge.subscriber;

import org.jspecify.annotations.Nullable;

/**
 * The distributed trace ids of a span, as the layer that assigns them (the OpenTelemetry bridge)
 * exposes them to other layers: it keeps a value implementing this in the span's {@link
 * Extensions}, where {@link Extensions#find(Class)} finds it. The console layer prints them.
 */
public interface TraceIds {
  /**
   * Returns the trace id.
   *
   * @return 32 lowercase hex digits
   */
  String traceId();

  /**
   * Returns the span id.
   *
   * @return 16 lowercase hex digits
   */
  String spanId();

  /**
   * Returns the ids of the nearest span, {@code span} or an ancestor, that has them.
   *
   * @param span where to start
   * @return the ids, or {@code null} if no layer gave any
   */
  static @Nullable TraceIds nearest(@Nullable SpanData span) {
    for (SpanData s = span; s != null; s = s.parent()) {
      TraceIds ids = s.extensions().find(TraceIds.class);
      if (ids != null) {
        return ids;
      }
    }
    return null;
  }
}
