package io.tracebridge.okhttp;

import io.tracebridge.Span;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Adds attributes of your own to each CLIENT span, as fields recorded on the local span (they
 * become OpenTelemetry attributes through the bridge). Called on the thread that runs the attempt;
 * an exception thrown here is caught and logged, never passed to the call.
 */
public interface HttpAttributesExtractor {
  /**
   * Called when the attempt starts.
   *
   * @param span the attempt's span; may be {@link Span#none()} if disabled
   * @param request the request as sent
   */
  void onStart(Span span, Request request);

  /**
   * Called when the attempt ends.
   *
   * @param span the attempt's span
   * @param request the request as sent
   * @param response the response, or {@code null} if the attempt failed
   * @param error the failure, or {@code null}
   */
  default void onEnd(
      Span span, Request request, @Nullable Response response, @Nullable Throwable error) {}
}
