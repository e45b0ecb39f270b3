package io.tracebridge.okhttp.httpserver;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.Tracer;
import io.tracebridge.okhttp.HttpTracingBuilder;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.propagation.HttpServerCarrier;
import io.tracebridge.propagation.InboundPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * A {@link Filter} for the JDK HTTP server that runs each exchange in a SERVER span:
 *
 * <pre>{@code
 * HttpContext ctx = server.createContext("/inventory", handler);
 * ctx.getFilters().add(TracingFilter.create());
 * }</pre>
 *
 * <ul>
 *   <li>Extracts the caller's context with the propagators, then applies the {@link InboundPolicy}
 *       (continue, restart with a link, or ignore).
 *   <li>The span is named {@code METHOD route}, the route being the handler's context path, and
 *       carries {@code http.request.method}, {@code http.route}, {@code url.path}, {@code
 *       url.query} (sensitive values redacted), {@code url.scheme}, {@code server.address}, {@code
 *       server.port}, {@code network.peer.address}, {@code network.peer.port}, {@code
 *       network.protocol.version}, {@code user_agent.original} and {@code
 *       http.response.status_code}.
 *   <li>Status ERROR only for responses of 500 and above (a 4xx is the client's error).
 *   <li>The span is current while the handler runs, for tracebridge and for OpenTelemetry.
 *   <li>An exception thrown by the handler is recorded on the span (status ERROR, {@code
 *       error.type}) and rethrown unchanged; the JDK server then closes the exchange.
 * </ul>
 */
public final class TracingFilter extends Filter {
  /**
   * The target of the SERVER spans: {@code TRACEBRIDGE_LOG=info,io.tracebridge.httpserver=off}
   * turns them off, and nothing else. (It is not under {@code io.tracebridge.okhttp}, so turning
   * the OkHttp client off leaves the server on.)
   */
  public static final String TARGET = "io.tracebridge.httpserver";

  private static final Set<String> KNOWN_METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final InboundPolicy policy;
  private final Set<String> sensitiveParameters;

  private TracingFilter(
      Tracer tracer,
      TextMapPropagator propagator,
      InboundPolicy policy,
      Set<String> sensitiveParameters) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.policy = policy;
    this.sensitiveParameters = sensitiveParameters;
  }

  /**
   * Returns a filter with the defaults: the global propagators and the inbound policy from the
   * environment.
   *
   * @return the filter
   */
  public static TracingFilter create() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String description() {
    return "tracebridge server tracing";
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    InboundPolicy.Decision decision =
        policy.decide(
            propagator.extract(
                Context.root(), exchange.getRequestHeaders(), HttpServerCarrier.getter()));
    Span span = start(exchange);
    OtelBridge.setParent(span, decision.parent());
    if (decision.hasLink()) {
      OtelBridge.addLink(span, decision.link());
    }
    // The span ends just before the last of the response leaves (see ResponseEndingExchange), so a
    // client span that ends on the response always ends after it; else after the handler returns.
    AtomicBoolean ended = new AtomicBoolean();
    IntConsumer end =
        status -> {
          if (ended.compareAndSet(false, true)) {
            recordStatus(span, status);
            span.close();
          }
        };
    HttpExchange traced =
        exchange instanceof HttpsExchange
            ? exchange // handlers may test for HttpsExchange: pass it as it is, and end after the
            // handler
            : new ResponseEndingExchange(exchange, end);
    try (Scope entered = OtelBridge.enterWithRemoteParent(span, decision.parent())) {
      chain.doFilter(traced);
    } catch (IOException | RuntimeException | Error e) {
      if (!ended.get()) { // after the response went out, the request's span is over
        span.record(ErrorAttributes.ERROR_TYPE.getKey(), e.getClass().getName());
        span.recordError(e);
      }
      throw e;
    } finally {
      end.accept(exchange.getResponseCode());
    }
  }

  private static void recordStatus(Span span, int status) {
    if (status > 0) {
      span.record(HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey(), status);
      if (status >= 500) {
        span.record(ErrorAttributes.ERROR_TYPE.getKey(), String.valueOf(status));
        span.record("otel.status_code", "error");
      }
    }
  }

  private Span start(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    boolean known = KNOWN_METHODS.contains(method);
    String route = exchange.getHttpContext() == null ? null : exchange.getHttpContext().getPath();
    URI uri = exchange.getRequestURI();
    String name = (known ? method : "HTTP") + (route == null ? "" : " " + route);
    SpanBuilder span =
        tracer
            .infoSpan(name)
            .root() // the parent comes from the request, never from whatever this thread held
            .field("otel.kind", "server")
            .field(
                "otel.integration",
                true) // OTel instrumentation's attributes, no thread/code/timing extras
            .field(HttpAttributes.HTTP_REQUEST_METHOD.getKey(), known ? method : "_OTHER")
            .field(
                UrlAttributes.URL_PATH.getKey(), uri.getRawPath() == null ? "/" : uri.getRawPath())
            .field(
                UrlAttributes.URL_SCHEME.getKey(),
                exchange instanceof HttpsExchange ? "https" : "http");
    if (!known) {
      span.field(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL.getKey(), method);
    }
    if (route != null) {
      span.field(HttpAttributes.HTTP_ROUTE.getKey(), route);
    }
    if (uri.getRawQuery() != null) {
      span.field(UrlAttributes.URL_QUERY.getKey(), redactQuery(uri.getRawQuery()));
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    InetSocketAddress local = exchange.getLocalAddress();
    if (host != null && !host.isEmpty()) {
      int colon = host.lastIndexOf(':');
      boolean hasPort = colon > 0 && host.indexOf(']') < colon;
      span.field(
          ServerAttributes.SERVER_ADDRESS.getKey(), hasPort ? host.substring(0, colon) : host);
      span.field(
          ServerAttributes.SERVER_PORT.getKey(),
          hasPort ? parsePort(host.substring(colon + 1), local) : local.getPort());
    } else if (local != null) {
      span.field(ServerAttributes.SERVER_ADDRESS.getKey(), local.getHostString())
          .field(ServerAttributes.SERVER_PORT.getKey(), local.getPort());
    }
    InetSocketAddress peer = exchange.getRemoteAddress();
    String forwardedFor = ForwardedFor.client(exchange.getRequestHeaders());
    if (forwardedFor != null) {
      span.field(
          ClientAttributes.CLIENT_ADDRESS.getKey(), forwardedFor); // the client behind the proxies
    } else if (peer != null && peer.getAddress() != null) {
      // client.port is not set: OpenTelemetry's HTTP server instrumentation does not capture it
      // (the peer's port is network.peer.port)
      span.field(ClientAttributes.CLIENT_ADDRESS.getKey(), peer.getAddress().getHostAddress());
    }
    if (peer != null && peer.getAddress() != null) {
      span.field(
              NetworkAttributes.NETWORK_PEER_ADDRESS.getKey(), peer.getAddress().getHostAddress())
          .field(NetworkAttributes.NETWORK_PEER_PORT.getKey(), peer.getPort());
    }
    String protocol = exchange.getProtocol();
    if (protocol != null && protocol.startsWith("HTTP/")) {
      span.field(NetworkAttributes.NETWORK_PROTOCOL_VERSION.getKey(), protocol.substring(5));
    }
    String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
    if (userAgent != null) {
      span.field(UserAgentAttributes.USER_AGENT_ORIGINAL.getKey(), userAgent);
    }
    return span.start();
  }

  private static int parsePort(String port, InetSocketAddress local) {
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return local == null ? -1 : local.getPort();
    }
  }

  private String redactQuery(String rawQuery) {
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String pair : rawQuery.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      out.append(eq >= 0 && sensitiveParameters.contains(name) ? name + "=REDACTED" : pair);
    }
    return out.toString();
  }

  /** Configures a {@link TracingFilter}. Not thread-safe. */
  public static final class Builder extends HttpTracingBuilder<Builder> {
    private InboundPolicy policy;

    private Builder() {
      super(TARGET);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the inbound policy (default {@link InboundPolicy#fromEnv()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder inboundPolicy(InboundPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException if no policy was set and the one in the environment is
     *     malformed
     */
    public TracingFilter build() {
      return new TracingFilter(
          configuredTracer(),
          configuredPropagator(),
          policy != null ? policy : InboundPolicy.fromEnv(),
          configuredSensitiveParameters());
    }
  }
}
