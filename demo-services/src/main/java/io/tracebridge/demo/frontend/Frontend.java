package io.tracebridge.demo.frontend;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.demo.Http;
import io.tracebridge.demo.pricing.PricingGrpc;
import io.tracebridge.grpc.GrpcTracing;
import io.tracebridge.okhttp.OkHttpTracing;
import io.tracebridge.okhttp.SpanEnd;
import io.tracebridge.okhttp.httpserver.TracingFilter;
import io.tracebridge.propagation.InboundPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The frontend: {@code GET /checkout}, calling the backend over traced HTTP and traced gRPC, and
 * optionally a third-party exchange-rate partner over traced HTTP.
 *
 * <p>It is the public edge, so by default it does not join traces its callers send: its server span
 * starts a new trace that links to the caller's span ({@link
 * InboundPolicy.Mode#RESTART_WITH_LINK}). Trace headers and baggage go only to internal hosts (the
 * backend), never to the partner, unless the outbound policy is configured otherwise.
 */
public final class Frontend implements AutoCloseable {
  private final HttpServer http;
  private final ManagedChannel channel;
  private final ExecutorService httpPool = Executors.newFixedThreadPool(8);
  private final ExecutorService work = Executors.newFixedThreadPool(2);

  private Frontend(Builder b) throws IOException {
    HttpUrl backend = url("BACKEND_HTTP_URL", b.backendHttp);
    HttpUrl partner = b.partnerUrl == null ? null : url("PARTNER_RATES_URL", b.partnerUrl);
    channel =
        NettyChannelBuilder.forTarget(b.backendGrpc)
            .usePlaintext()
            .intercept(GrpcTracing.create().newClientInterceptor())
            .build();
    OkHttpClient client =
        new OkHttpClient.Builder()
            .callTimeout(10, TimeUnit.SECONDS)
            .dns(b.dns)
            // let idle connections go before the backend's JDK server closes them (see Http)
            .connectionPool(
                new okhttp3.ConnectionPool(5, Http.clientKeepAliveSeconds(), TimeUnit.SECONDS))
            .build();
    // SpanEnd.BODY: the client span covers reading the response, and so ends after the backend's
    // server span (which ends just before the last byte leaves): the trace nests, no clock skew.
    OkHttpTracing tracing = OkHttpTracing.builder().spanEnd(SpanEnd.BODY).build();
    CheckoutHandler checkout =
        new CheckoutHandler(
            tracing.newCallFactory(client),
            backend,
            partner,
            PricingGrpc.newBlockingStub(channel),
            TracingExecutors.wrap(work));
    http = Http.server(new InetSocketAddress(b.bindAddress, b.port));
    HttpContext context = http.createContext("/checkout", checkout);
    context.getFilters().add(TracingFilter.builder().inboundPolicy(b.inbound).build());
    http.createContext("/health", exchange -> Http.json(exchange, 200, "{\"status\":\"up\"}"));
    http.setExecutor(httpPool);
    http.start();
  }

  private static HttpUrl url(String setting, String value) {
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new IllegalArgumentException(setting + "='" + value + "' is not an http(s) URL");
    }
    return url;
  }

  /**
   * Starts the frontend with the defaults of {@link #builder}.
   *
   * @param bindAddress the address to listen on
   * @param port the HTTP port, 0 for any
   * @param backendHttp the backend's base URL, e.g. {@code http://backend:8081}
   * @param backendGrpc the backend's gRPC target, e.g. {@code backend:9091}
   * @return the running frontend
   * @throws IOException if the port cannot be bound
   */
  public static Frontend start(String bindAddress, int port, String backendHttp, String backendGrpc)
      throws IOException {
    return builder(backendHttp, backendGrpc).bind(bindAddress, port).start();
  }

  /**
   * Returns a builder for a frontend in front of a backend.
   *
   * @param backendHttp the backend's base URL, e.g. {@code http://backend:8081}
   * @param backendGrpc the backend's gRPC target, e.g. {@code backend:9091}
   * @return the builder
   */
  public static Builder builder(String backendHttp, String backendGrpc) {
    return new Builder(backendHttp, backendGrpc);
  }

  /**
   * Returns the HTTP port.
   *
   * @return the port
   */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() throws InterruptedException {
    http.stop(0);
    httpPool.shutdownNow();
    work.shutdownNow();
    channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Configures a {@link Frontend}. Not thread-safe. */
  public static final class Builder {
    private final String backendHttp;
    private final String backendGrpc;
    private String bindAddress = "0.0.0.0";
    private int port = 8080;
    private String partnerUrl;
    private Dns dns = Dns.SYSTEM;
    private InboundPolicy inbound =
        InboundPolicy.builder().mode(InboundPolicy.Mode.RESTART_WITH_LINK).build();

    private Builder(String backendHttp, String backendGrpc) {
      this.backendHttp = Objects.requireNonNull(backendHttp, "backendHttp");
      this.backendGrpc = Objects.requireNonNull(backendGrpc, "backendGrpc");
    }

    /**
     * Sets the address and port to listen on (default {@code 0.0.0.0:8080}).
     *
     * @param address the address
     * @param port the port, 0 for any
     * @return this builder
     */
    public Builder bind(String address, int port) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      this.port = port;
      return this;
    }

    /**
     * Sets the base URL of the exchange-rate partner, called once per checkout (default none).
     *
     * @param url the partner's base URL, or {@code null} for none
     * @return this builder
     */
    public Builder partner(String url) {
      this.partnerUrl = url;
      return this;
    }

    /**
     * Sets how the HTTP client resolves host names (default the system's).
     *
     * @param dns the resolver
     * @return this builder
     */
    public Builder dns(Dns dns) {
      this.dns = Objects.requireNonNull(dns, "dns");
      return this;
    }

    /**
     * Sets what the edge does with the trace context callers send (default {@code
     * restart-with-link}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder inboundPolicy(InboundPolicy policy) {
      this.inbound = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Starts the frontend.
     *
     * @return the running frontend
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException if a URL is malformed; the message names the setting
     */
    public Frontend start() throws IOException {
      return new Frontend(this);
    }
  }
}
