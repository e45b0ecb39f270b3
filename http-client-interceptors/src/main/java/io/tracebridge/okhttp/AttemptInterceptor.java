package io.tracebridge.okhttp;

import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.otel.OtelBridge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A network interceptor: OkHttp runs it once per network attempt, redirects and retries included,
 * so each attempt gets its own CLIENT span, a sibling of the others under the caller's span. It
 * runs in the caller's context (carried by the request's {@link CallState} tag), whichever thread
 * OkHttp uses.
 */
final class AttemptInterceptor implements Interceptor {
  private static final Logger LOG = Logger.getLogger(AttemptInterceptor.class.getName());

  private final OkHttpTracing tracing;

  AttemptInterceptor(OkHttpTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CallState state = request.tag(CallState.class);
    if (state == null) {
      return chain.proceed(request);
    }
    int attempt = state.attempts.getAndIncrement();
    Span span;
    Request sent;
    try (Scope caller = state.caller.attach()) {
      span = start(request, attempt, chain.connection());
      try (Scope entered = span.enter()) {
        Request.Builder builder = request.newBuilder();
        tracing.inject(OtelBridge.context(span), request.url().host(), builder);
        sent = builder.build();
        tracing.extractorsOnStart(span, sent);
      }
    }
    Response response;
    try {
      response = chain.proceed(sent);
    } catch (IOException | RuntimeException | Error e) {
      tracing.recordFailure(span, e);
      tracing.extractorsOnEnd(span, sent, null, e);
      span.close();
      throw e;
    }
    tracing.recordResponse(span, response);
    tracing.extractorsOnEnd(span, sent, response, null);
    if (tracing.spanEnd() == SpanEnd.BODY && response.body() != null && !span.isNone()) {
      return response.newBuilder().body(endingOnClose(response.body(), span)).build();
    }
    span.close();
    return response;
  }

  private Span start(Request request, int attempt, Connection connection) {
    SpanBuilder builder = tracing.spanFor(request);
    if (attempt > 0) {
      builder.field(HttpAttributes.HTTP_REQUEST_RESEND_COUNT.getKey(), attempt);
    }
    if (connection != null) {
      try {
        Socket socket = connection.socket();
        if (socket.getRemoteSocketAddress() instanceof InetSocketAddress) {
          InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
          if (peer.getAddress() != null) {
            builder.field(
                NetworkAttributes.NETWORK_PEER_ADDRESS.getKey(),
                peer.getAddress().getHostAddress());
          }
          builder.field(NetworkAttributes.NETWORK_PEER_PORT.getKey(), peer.getPort());
        }
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "could not read the peer address", e);
      }
    }
    return builder.start();
  }

  /** Ends {@code span} when the body is closed or read to the end. */
  private static ResponseBody endingOnClose(ResponseBody body, Span span) {
    BufferedSource source =
        Okio.buffer(
            new ForwardingSource(body.source()) {
              private boolean ended;

              @Override
              public long read(okio.Buffer sink, long byteCount) throws IOException {
                try {
                  long read = super.read(sink, byteCount);
                  if (read == -1) {
                    end();
                  }
                  return read;
                } catch (IOException e) {
                  span.recordError(e);
                  end();
                  throw e;
                }
              }

              @Override
              public void close() throws IOException {
                try {
                  super.close();
                } finally {
                  end();
                }
              }

              private void end() {
                if (!ended) {
                  ended = true;
                  span.close();
                }
              }
            });
    return ResponseBody.create(source, body.contentType(), body.contentLength());
  }
}
