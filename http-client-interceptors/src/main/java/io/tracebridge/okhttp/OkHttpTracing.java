package io.tracebridge.okhttp;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.Tracer;
import io.tracebridge.internal.GuardedCallbacks;
import io.tracebridge.propagation.OutboundPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp client tracing: CLIENT spans per network attempt, and trace context injected into every
 * request.
 *
 * <pre>{@code
 * OkHttpTracing tracing = OkHttpTracing.create();
 * Call.Factory http = tracing.newCallFactory(new OkHttpClient());
 * try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) { ... }
 * }</pre>
 *
 * <ul>
 *   <li><b>One span per network attempt.</b> Redirects and retries give sibling spans under the
 *       caller's span, with {@code http.request.resend_count} on resends. A call that fails before
 *       reaching the network still gets one span with {@code error.type}.
 *   <li><b>Context.</b> The caller's context is captured when the call is created ({@code newCall})
 *       and travels with the request, so spans of async calls keep the caller's span as parent
 *       however long the Dispatcher queues them, and {@code Callback}s run in the caller's context.
 *       {@code call.clone()} takes the context current at clone time.
 *   <li><b>Spans</b> are made through the tracebridge API (target {@code io.tracebridge.okhttp},
 *       {@code otel.kind=client}), so the console shows them and the OpenTelemetry bridge exports
 *       them with the stable HTTP semantic-convention attributes. A span disabled by a filter still
 *       propagates its parent's context.
 *   <li><b>Status.</b> ERROR for responses of 400 and above and for exceptions; exceptions reach
 *       the caller unchanged.
 * </ul>
 *
 * <p>Thread-safe; build once and share.
 */
public final class OkHttpTracing {
  /** {@code http.request.header.}: the prefix of the semantic conventions' header template. */
  private static final String REQUEST_HEADER =
      HttpAttributes.HTTP_REQUEST_HEADER.getAttributeKey("").getKey();

  /** {@code http.response.header.}, likewise. */
  private static final String RESPONSE_HEADER =
      HttpAttributes.HTTP_RESPONSE_HEADER.getAttributeKey("").getKey();

  /**
   * The target of the CLIENT spans: {@code TRACEBRIDGE_LOG=info,io.tracebridge.okhttp=off} turns
   * them off (the caller's context is then injected), and nothing else.
   */
  public static final String TARGET = "io.tracebridge.okhttp";

  private static final Logger LOG = Logger.getLogger(OkHttpTracing.class.getName());

  private final Tracer tracer;
  private final List<String> requestHeaders;
  private final List<String> responseHeaders;
  private final BiFunction<Request, String, String> spanName;
  private final GuardedCallbacks<HttpAttributesExtractor> extractors;
  private final Set<String> knownMethods;
  private final TextMapPropagator propagator;
  private final OutboundPolicy policy;
  private final SpanEnd spanEnd;
  private final Set<String> sensitiveParameters;

  private OkHttpTracing(Builder b) {
    this.tracer = b.configuredTracer();
    this.requestHeaders = List.copyOf(b.requestHeaders);
    this.responseHeaders = List.copyOf(b.responseHeaders);
    this.spanName = b.spanName;
    this.extractors = GuardedCallbacks.of(b.extractors, "attributes extractor", LOG);
    this.knownMethods = Set.copyOf(b.knownMethods);
    this.propagator = b.configuredPropagator();
    this.policy = b.policy;
    this.spanEnd = b.spanEnd;
    this.sensitiveParameters = b.configuredSensitiveParameters();
  }

  /**
   * Returns tracing with the defaults.
   *
   * @return the tracing
   * @throws IllegalArgumentException if the outbound policy configured in the environment is
   *     malformed
   */
  public static OkHttpTracing create() {
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

  /**
   * Returns a {@link Call.Factory} that traces every call made through it with {@code client}'s
   * settings (a derived client that shares {@code client}'s connection pool and dispatcher).
   *
   * @param client the client to trace
   * @return the traced call factory
   */
  public Call.Factory newCallFactory(OkHttpClient client) {
    OkHttpClient traced =
        client
            .newBuilder()
            .addInterceptor(new ConnectFailureInterceptor(this))
            .addNetworkInterceptor(new AttemptInterceptor(this))
            .build();
    return new TracingCallFactory(traced);
  }

  /**
   * Returns an interceptor that only injects trace context, for clients that must stay plain {@code
   * OkHttpClient}s. Add it with {@code addInterceptor}. Limits: it creates no spans, and it injects
   * the context current on the thread that runs the call: for {@code execute()} that is the
   * caller's, but for {@code enqueue()} it is an OkHttp dispatcher thread, where no span is
   * current, so nothing is injected (use {@link #newCallFactory} for asynchronous calls). The
   * outbound policy still applies.
   *
   * @return the interceptor
   */
  public Interceptor newPropagationInterceptor() {
    return new PropagationInterceptor(this);
  }

  SpanEnd spanEnd() {
    return spanEnd;
  }

  void inject(Context context, String host, Request.Builder builder) {
    policy.inject(propagator, context, host, builder, OkHttpCarriers.requestSetter());
  }

  /** The span for one attempt, with the request-side attributes. */
  SpanBuilder spanFor(Request request) {
    String method = request.method();
    boolean known = knownMethods.contains(method);
    String defaultName = known ? method : "HTTP";
    String name = defaultName;
    try {
      name = Objects.requireNonNullElse(spanName.apply(request, defaultName), defaultName);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "span name customizer failed; using " + defaultName, e);
    }
    SpanBuilder builder =
        tracer
            .infoSpan(name)
            .field("otel.kind", "client")
            .field(
                "otel.integration",
                true) // OTel instrumentation's attributes, no thread/code/timing extras
            .field(HttpAttributes.HTTP_REQUEST_METHOD.getKey(), known ? method : "_OTHER")
            .field(
                UrlAttributes.URL_FULL.getKey(),
                HttpNames.redact(request.url(), sensitiveParameters))
            .field(ServerAttributes.SERVER_ADDRESS.getKey(), request.url().host())
            .field(ServerAttributes.SERVER_PORT.getKey(), request.url().port());
    if (!known) {
      builder.field(HttpAttributes.HTTP_REQUEST_METHOD_ORIGINAL.getKey(), method);
    }
    for (String header : requestHeaders) {
      String[] values = HttpNames.values(request.headers(), header);
      if (values.length > 0) {
        builder.field(HttpNames.headerAttribute(REQUEST_HEADER, header), values);
      }
    }
    return builder;
  }

  void recordResponse(Span span, Response response) {
    int code = response.code();
    span.record(HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey(), code);
    span.record(
        NetworkAttributes.NETWORK_PROTOCOL_VERSION.getKey(),
        HttpNames.protocolVersion(response.protocol()));
    for (String header : responseHeaders) {
      String[] values = HttpNames.values(response.headers(), header);
      if (values.length > 0) {
        span.record(HttpNames.headerAttribute(RESPONSE_HEADER, header), (Object) values);
      }
    }
    if (code >= 400) {
      span.record(ErrorAttributes.ERROR_TYPE.getKey(), String.valueOf(code));
      span.record("otel.status_code", "error");
    }
  }

  void recordFailure(Span span, Throwable error) {
    span.record(ErrorAttributes.ERROR_TYPE.getKey(), error.getClass().getName());
    span.recordError(error);
  }

  void extractorsOnStart(Span span, Request request) {
    if (!extractors.isEmpty()) {
      extractors.forEach(e -> e.onStart(span, request));
    }
  }

  void extractorsOnEnd(Span span, Request request, Response response, Throwable error) {
    if (!extractors.isEmpty()) {
      extractors.forEach(e -> e.onEnd(span, request, response, error));
    }
  }

  /** Configures {@link OkHttpTracing}. Not thread-safe. */
  public static final class Builder extends HttpTracingBuilder<Builder> {
    private final List<String> requestHeaders = new ArrayList<>();
    private final List<String> responseHeaders = new ArrayList<>();
    private BiFunction<Request, String, String> spanName = (request, name) -> name;
    private final List<HttpAttributesExtractor> extractors = new ArrayList<>();
    private Set<String> knownMethods = HttpNames.DEFAULT_METHODS;
    private OutboundPolicy policy;
    private SpanEnd spanEnd = SpanEnd.HEADERS;

    private Builder() {
      super(TARGET);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the request headers captured as {@code http.request.header.<name>} (names in any case).
     *
     * @param names the header names
     * @return this builder
     */
    public Builder capturedRequestHeaders(String... names) {
      requestHeaders.clear();
      for (String n : names) {
        requestHeaders.add(Objects.requireNonNull(n, "header name").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Sets the response headers captured as {@code http.response.header.<name>} (names in any
     * case).
     *
     * @param names the header names
     * @return this builder
     */
    public Builder capturedResponseHeaders(String... names) {
      responseHeaders.clear();
      for (String n : names) {
        responseHeaders.add(Objects.requireNonNull(n, "header name").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Sets a function that names each span from the request and the default name (the method, or
     * {@code HTTP}).
     *
     * @param customizer returns the name to use
     * @return this builder
     */
    public Builder spanNameCustomizer(BiFunction<Request, String, String> customizer) {
      this.spanName = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * Adds an extractor of extra attributes.
     *
     * @param extractor the extractor
     * @return this builder
     */
    public Builder addAttributesExtractor(HttpAttributesExtractor extractor) {
      extractors.add(Objects.requireNonNull(extractor, "extractor"));
      return this;
    }

    /**
     * Sets the HTTP methods treated as known (default: the nine of RFC 9110 and PATCH). Others are
     * recorded as {@code _OTHER}, with the real one in {@code http.request.method_original}, and
     * the span is named {@code HTTP}.
     *
     * @param methods the methods, case-sensitive as HTTP methods are
     * @return this builder
     */
    public Builder knownMethods(Set<String> methods) {
      this.knownMethods = Set.copyOf(methods);
      return this;
    }

    /**
     * Sets which hosts get trace headers and baggage (default {@link OutboundPolicy#fromEnv()}:
     * both to internal hosts only, unless {@code TRACEBRIDGE_PROPAGATION_TRACE_HOSTS} / {@code
     * TRACEBRIDGE_PROPAGATION_BAGGAGE_HOSTS} say otherwise).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder outboundPolicy(OutboundPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets when spans end (default {@link SpanEnd#HEADERS}).
     *
     * @param end when spans end
     * @return this builder
     */
    public Builder spanEnd(SpanEnd end) {
      this.spanEnd = Objects.requireNonNull(end, "end");
      return this;
    }

    /**
     * Builds the tracing.
     *
     * @return the tracing
     * @throws IllegalArgumentException if no policy was set and the one in the environment is
     *     malformed
     */
    public OkHttpTracing build() {
      if (policy == null) {
        policy = OutboundPolicy.fromEnv();
      }
      return new OkHttpTracing(this);
    }
  }
}
