package io.tracebridge.okhttp.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.IntConsumer;

/**
 * The exchange a handler sees under {@link TracingFilter}: the same exchange, except that the
 * SERVER span ends just before the last of the response leaves, instead of after the handler
 * returns. A client that ends its span when it has read the response (OkHttp's {@code
 * SpanEnd.BODY}) then always ends after the server span, so the trace nests as it happened, and
 * Jaeger sees no clock skew.
 *
 * <ul>
 *   <li>No body ({@code sendResponseHeaders(code, -1)}): the span ends before the headers go out.
 *   <li>A fixed length: before the write that completes the body.
 *   <li>Chunked (length 0): before the body stream is closed (which writes the last chunk).
 *   <li>A handler that never responds: when the exchange is closed, or after the handler returns.
 * </ul>
 */
final class ResponseEndingExchange extends HttpExchange {
  private final HttpExchange delegate;
  private final IntConsumer end;
  private OutputStream body;

  /** {@code end} is called at most once per exchange by the caller's guard, with the status. */
  ResponseEndingExchange(HttpExchange delegate, IntConsumer end) {
    this.delegate = delegate;
    this.end = end;
  }

  @Override
  public void sendResponseHeaders(int code, long length) throws IOException {
    if (length < 0) {
      end.accept(code); // nothing follows the headers
      delegate.sendResponseHeaders(code, length);
      return;
    }
    delegate.sendResponseHeaders(code, length);
    body = new Ending(delegate.getResponseBody(), length, () -> end.accept(code));
  }

  @Override
  public OutputStream getResponseBody() {
    return body != null ? body : delegate.getResponseBody();
  }

  @Override
  public void close() {
    end.accept(delegate.getResponseCode());
    delegate.close();
  }

  /** Ends the span before the write that completes a fixed-length body, or before close. */
  private static final class Ending extends FilterOutputStream {
    private final long length;
    private final Runnable end;
    private long written;

    Ending(OutputStream out, long length, Runnable end) {
      super(out);
      this.length = length;
      this.end = end;
    }

    @Override
    public void write(int b) throws IOException {
      if (length > 0 && ++written >= length) {
        end.run();
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      written += len;
      if (length > 0 && written >= length) {
        end.run();
      }
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      end.run();
      out.close();
    }
  }

  // Everything else is the exchange's own.

  @Override
  public Headers getRequestHeaders() {
    return delegate.getRequestHeaders();
  }

  @Override
  public Headers getResponseHeaders() {
    return delegate.getResponseHeaders();
  }

  @Override
  public URI getRequestURI() {
    return delegate.getRequestURI();
  }

  @Override
  public String getRequestMethod() {
    return delegate.getRequestMethod();
  }

  @Override
  public HttpContext getHttpContext() {
    return delegate.getHttpContext();
  }

  @Override
  public InputStream getRequestBody() {
    return delegate.getRequestBody();
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return delegate.getRemoteAddress();
  }

  @Override
  public int getResponseCode() {
    return delegate.getResponseCode();
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return delegate.getLocalAddress();
  }

  @Override
  public String getProtocol() {
    return delegate.getProtocol();
  }

  @Override
  public Object getAttribute(String name) {
    return delegate.getAttribute(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    delegate.setAttribute(name, value);
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    delegate.setStreams(i, o);
    if (o != null) {
      body = o; // a later filter wrapped it: theirs now, and the span ends at close or after return
    }
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return delegate.getPrincipal();
  }
}
