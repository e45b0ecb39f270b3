package io.tracebridge.okhttp;

/** When the CLIENT span of an HTTP attempt ends. */
public enum SpanEnd {
  /**
   * When the response headers arrive (the default, as OpenTelemetry's {@code OkHttpTelemetry}
   * does). The span never depends on the application closing the body.
   */
  HEADERS,
  /**
   * When the response body is closed or fully read, so the span covers the download. A body that is
   * never closed leaves its span open: only choose this if every response is closed (which OkHttp
   * requires anyway).
   */
  BODY
}
