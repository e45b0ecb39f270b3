package io.tracebridge.okhttp;

import io.opentelemetry.context.Context;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Injects the current context into every request, and does nothing else: no spans. See {@link
 * OkHttpTracing#newPropagationInterceptor()} for its limits.
 */
final class PropagationInterceptor implements Interceptor {
  private final OkHttpTracing tracing;

  PropagationInterceptor(OkHttpTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder builder = request.newBuilder();
    tracing.inject(Context.current(), request.url().host(), builder);
    return chain.proceed(builder.build());
  }
}
