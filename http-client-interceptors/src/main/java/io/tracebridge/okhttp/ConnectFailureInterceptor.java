package io.tracebridge.okhttp;

import io.tracebridge.Scope;
import io.tracebridge.Span;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An application interceptor: when a call fails before any attempt reached the network (DNS
 * failure, connection refused, an unreachable proxy), no network interceptor ran, so it records the
 * one span the call would otherwise lack, with {@code error.type}. The exception reaches the caller
 * unchanged.
 */
final class ConnectFailureInterceptor implements Interceptor {
  private final OkHttpTracing tracing;

  ConnectFailureInterceptor(OkHttpTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    try {
      return chain.proceed(request);
    } catch (IOException | RuntimeException e) {
      CallState state = request.tag(CallState.class);
      if (state != null && state.attempts.get() == 0) {
        try (Scope caller = state.caller.attach()) {
          Span span = tracing.spanFor(request).start();
          tracing.recordFailure(span, e);
          tracing.extractorsOnEnd(span, request, null, e);
          span.close();
        }
      }
      throw e;
    }
  }
}
