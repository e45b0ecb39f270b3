package io.tracebridge.grpc;

import io.grpc.Attributes;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.RpcAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.Tracer;
import io.tracebridge.internal.GuardedCallbacks;
import io.tracebridge.propagation.InboundPolicy;
import io.tracebridge.propagation.OutboundPolicy;
import io.tracebridge.propagation.TracebridgePropagators;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * grpc-java tracing: CLIENT and SERVER spans for all four call types, named {@code
 * package.Service/Method}, with context propagated in metadata.
 *
 * <pre>{@code
 * GrpcTracing tracing = GrpcTracing.create();
 * ManagedChannel channel = ManagedChannelBuilder.forTarget(target)
 *     .intercept(tracing.newClientInterceptor()).build();
 * Server server = ServerBuilder.forPort(port)
 *     .addService(ServerInterceptors.intercept(service, tracing.newServerInterceptor())).build();
 * }</pre>
 *
 * <ul>
 *   <li>Spans are made through the tracebridge API (targets {@value #CLIENT_TARGET} and {@value
 *       #SERVER_TARGET}), so the console shows them and the OpenTelemetry bridge exports them, on
 *       the stable RPC conventions of semantic conventions 1.45 by default ({@link
 *       RpcConventions}): {@code rpc.system.name}, {@code rpc.method}, {@code rpc.status_code},
 *       {@code error.type} on failure, {@code server.address}/ {@code server.port} (from the
 *       authority) and {@code network.peer.address}/ {@code network.peer.port} where the transport
 *       knows them. docs/grpc.md lists them all.
 *   <li>Status: on the client any non-OK status is an error; on the server only UNKNOWN,
 *       DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS are.
 *   <li>Context: client listener callbacks run in the caller's context; server handlers see the
 *       SERVER span as current through tracebridge and OpenTelemetry.
 * </ul>
 *
 * <p>Thread-safe; build once and share.
 */
public final class GrpcTracing {
  /**
   * The target of client spans: {@code TRACEBRIDGE_LOG=info,io.tracebridge.grpc.client=off} turns
   * them off.
   */
  public static final String CLIENT_TARGET = "io.tracebridge.grpc.client";

  /**
   * The target of server spans: {@code TRACEBRIDGE_LOG=info,io.tracebridge.grpc.server=off} turns
   * them off.
   */
  public static final String SERVER_TARGET = "io.tracebridge.grpc.server";

  private static final Logger LOG = Logger.getLogger(GrpcTracing.class.getName());
  private static final Set<Status.Code> SERVER_ERRORS =
      EnumSet.of(
          Status.Code.UNKNOWN,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNIMPLEMENTED,
          Status.Code.INTERNAL,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS);

  private final Tracer clientTracer;
  private final Tracer serverTracer;
  private final TextMapPropagator propagator;
  private final OutboundPolicy outbound;
  private final InboundPolicy inbound;
  private final List<String> capturedMetadata;
  private final MessageEvents messageEvents;
  private final RpcConventions conventions;
  private final GuardedCallbacks<GrpcAttributesExtractor> extractors;

  private GrpcTracing(Builder b) {
    this.clientTracer = b.clientTracer;
    this.serverTracer = b.serverTracer;
    this.propagator =
        b.propagator != null ? b.propagator : TracebridgePropagators.followingGlobal();
    this.outbound = b.outbound != null ? b.outbound : OutboundPolicy.fromEnv();
    this.inbound = b.inbound != null ? b.inbound : InboundPolicy.fromEnv();
    this.capturedMetadata = List.copyOf(b.capturedMetadata);
    this.messageEvents = b.messageEvents;
    this.conventions = b.conventions != null ? b.conventions : RpcConventions.fromEnv();
    this.extractors = GuardedCallbacks.of(b.extractors, "attributes extractor", LOG);
  }

  /**
   * Returns tracing with the defaults.
   *
   * @return the tracing
   * @throws IllegalArgumentException if a policy configured in the environment is malformed
   */
  public static GrpcTracing create() {
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
   * Returns the client interceptor; add it to a channel with {@code intercept(..)}.
   *
   * @return the interceptor
   */
  public ClientInterceptor newClientInterceptor() {
    return new TracingClientInterceptor(this);
  }

  /**
   * Returns the server interceptor; add it with {@code ServerInterceptors.intercept(..)} or {@code
   * ServerBuilder.intercept(..)}.
   *
   * @return the interceptor
   */
  public ServerInterceptor newServerInterceptor() {
    return new TracingServerInterceptor(this);
  }

  boolean messageEventsFor(MethodDescriptor<?, ?> method) {
    switch (messageEvents) {
      case ALL:
        return true;
      case NONE:
        return false;
      default:
        return method.getType() == MethodDescriptor.MethodType.UNARY;
    }
  }

  SpanBuilder clientSpan(MethodDescriptor<?, ?> method, Authority authority, Metadata headers) {
    return rpcSpan(clientTracer, method, authority, headers, "client");
  }

  SpanBuilder serverSpan(MethodDescriptor<?, ?> method, Authority authority, Metadata headers) {
    // The parent comes from the metadata, never from whatever this thread held.
    return rpcSpan(serverTracer, method, authority, headers, "server").root();
  }

  private SpanBuilder rpcSpan(
      Tracer tracer,
      MethodDescriptor<?, ?> method,
      Authority authority,
      Metadata headers,
      String kind) {
    SpanBuilder span =
        tracer
            .infoSpan(method.getFullMethodName())
            .field("otel.kind", kind)
            .field(
                "otel.integration",
                true); // OTel instrumentation's attributes, no thread/code/timing extras
    if (conventions.emitsStable()) {
      span.field(RpcAttributes.RPC_SYSTEM_NAME.getKey(), "grpc");
    }
    if (conventions.emitsOld()) {
      span.field("rpc.system", "grpc")
          .field("rpc.service", String.valueOf(method.getServiceName()));
    }
    span.field(
        RpcAttributes.RPC_METHOD.getKey(),
        conventions.emitsStable()
            ? method.getFullMethodName()
            : String.valueOf(method.getBareMethodName()));
    if (authority != null) {
      span.field(ServerAttributes.SERVER_ADDRESS.getKey(), authority.host());
      if (authority.port() > 0) {
        span.field(ServerAttributes.SERVER_PORT.getKey(), authority.port());
      }
    }
    for (String key : capturedMetadata) {
      List<String> values = new ArrayList<>();
      GrpcMetadataCarrier.getter().getAll(headers, key).forEachRemaining(values::add);
      if (!values.isEmpty()) {
        String[] array = values.toArray(new String[0]);
        if (conventions.emitsStable()) {
          span.field(REQUEST_METADATA + key, array);
        }
        if (conventions.emitsOld()) {
          span.field(OLD_REQUEST_METADATA + key, array);
        }
      }
    }
    return span;
  }

  /**
   * {@code rpc.request.metadata.<key>}: a template of the incubating conventions only ({@code
   * RpcIncubatingAttributes.RPC_REQUEST_METADATA}), so written here and checked against it by a
   * test, as OpenTelemetry advises for incubating names.
   */
  static final String REQUEST_METADATA = "rpc.request.metadata.";

  /** The old name of the same: {@code rpc.grpc.request.metadata.<key>}. */
  static final String OLD_REQUEST_METADATA = "rpc.grpc.request.metadata.";

  void inject(Context context, String host, Metadata headers) {
    outbound.inject(propagator, context, host, headers, GrpcMetadataCarrier.setter());
  }

  InboundPolicy.Decision extract(Metadata headers) {
    return inbound.decide(
        propagator.extract(Context.root(), headers, GrpcMetadataCarrier.getter()));
  }

  void recordPeer(Span span, Attributes attributes) {
    if (span.isNone() || attributes == null) {
      return;
    }
    SocketAddress remote = attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (remote instanceof InetSocketAddress) {
      InetSocketAddress peer = (InetSocketAddress) remote;
      if (peer.getAddress() != null) {
        span.record(
            NetworkAttributes.NETWORK_PEER_ADDRESS.getKey(), peer.getAddress().getHostAddress());
        span.record(
            NetworkAttributes.NETWORK_TYPE.getKey(),
            peer.getAddress() instanceof Inet6Address ? "ipv6" : "ipv4");
      }
      span.record(NetworkAttributes.NETWORK_PEER_PORT.getKey(), peer.getPort());
    }
  }

  /**
   * One event per message: {@code message} with {@code message.type} and {@code message.id}, the
   * names OpenTelemetry's gRPC instrumentation uses under every convention setting (incubating
   * {@code MessageIncubatingAttributes}, checked by a test).
   */
  void messageEvent(boolean server, Span span, String type, long id) {
    (server ? serverTracer : clientTracer)
        .atInfo()
        .parent(span)
        .field(MESSAGE_TYPE, type)
        .field(MESSAGE_ID, id)
        .log(MESSAGE_EVENT);
  }

  static final String MESSAGE_EVENT = "message";
  static final String MESSAGE_TYPE = "message.type";
  static final String MESSAGE_ID = "message.id";

  void recordClientStatus(Span span, Status status, Throwable error) {
    recordStatusCode(span, status);
    if (!status.isOk()) { // on the client, every status but OK is an error
      markError(span, status, error);
    }
  }

  void recordServerStatus(Span span, Status status, Throwable error) {
    recordStatusCode(span, status);
    if (SERVER_ERRORS.contains(status.getCode())) {
      markError(span, status, error);
    }
  }

  private void recordStatusCode(Span span, Status status) {
    if (conventions.emitsStable()) {
      span.record(RpcAttributes.RPC_STATUS_CODE.getKey(), status.getCode().name());
    }
    if (conventions.emitsOld()) {
      span.record("rpc.grpc.status_code", status.getCode().value());
    }
  }

  private void markError(Span span, Status status, Throwable error) {
    if (conventions.emitsStable()) {
      span.record(ErrorAttributes.ERROR_TYPE.getKey(), status.getCode().name());
    }
    span.record("otel.status_code", "error");
    span.record(
        "otel.status_description",
        status.getDescription() != null ? status.getDescription() : status.getCode().name());
    if (error != null) {
      span.recordError(error);
    }
  }

  void extractorsOnStart(Span span, MethodDescriptor<?, ?> method, Metadata headers) {
    if (!extractors.isEmpty()) {
      extractors.forEach(e -> e.onStart(span, method, headers));
    }
  }

  void extractorsOnEnd(Span span, Status status) {
    if (!extractors.isEmpty()) {
      extractors.forEach(e -> e.onEnd(span, status));
    }
  }

  /** Configures {@link GrpcTracing}. Not thread-safe. */
  public static final class Builder {
    private Tracer clientTracer = Tracer.named(CLIENT_TARGET);
    private Tracer serverTracer = Tracer.named(SERVER_TARGET);
    private TextMapPropagator propagator;
    private OutboundPolicy outbound;
    private InboundPolicy inbound;
    private final List<String> capturedMetadata = new ArrayList<>();
    private MessageEvents messageEvents = MessageEvents.NONE;
    private RpcConventions conventions;
    private final List<GrpcAttributesExtractor> extractors = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the propagator (default {@link TracebridgePropagators#followingGlobal()}: the global
     * propagator at each call, so building this before the OpenTelemetry setup changes nothing).
     *
     * @param propagator the propagator
     * @return this builder
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /**
     * Sets which authorities get trace metadata and baggage (default {@link
     * OutboundPolicy#fromEnv()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder outboundPolicy(OutboundPolicy policy) {
      this.outbound = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets what the server does with received context (default {@link InboundPolicy#fromEnv()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder inboundPolicy(InboundPolicy policy) {
      this.inbound = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets which RPC semantic conventions the spans follow (default {@link
     * RpcConventions#fromEnv()}: the stable ones unless {@code OTEL_SEMCONV_STABILITY_OPT_IN} says
     * {@code rpc/dup} or {@code rpc/old}).
     *
     * @param conventions the conventions
     * @return this builder
     */
    public Builder rpcConventions(RpcConventions conventions) {
      this.conventions = Objects.requireNonNull(conventions, "conventions");
      return this;
    }

    /**
     * Sets the request metadata keys captured as {@code rpc.request.metadata.<key>} (stable
     * conventions; {@code rpc.grpc.request.metadata.<key>} under the old ones). Only ASCII keys: a
     * {@code -bin} or {@code :}-prefixed key fails here, naming it.
     *
     * @param keys the keys, any case
     * @return this builder
     * @throws IllegalArgumentException if a key is binary or a pseudo-header
     */
    public Builder capturedRequestMetadata(String... keys) {
      capturedMetadata.clear();
      for (String k : keys) {
        String key = Objects.requireNonNull(k, "key").toLowerCase(Locale.ROOT);
        if (key.isEmpty() || key.startsWith(":") || key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          throw new IllegalArgumentException(
              "cannot capture metadata key '"
                  + k
                  + "': only ASCII keys (not -bin, not :pseudo) are captured");
        }
        capturedMetadata.add(key);
      }
      return this;
    }

    /**
     * Sets which calls get one event per message (default {@link MessageEvents#NONE}).
     *
     * @param events the setting
     * @return this builder
     */
    public Builder messageEvents(MessageEvents events) {
      this.messageEvents = Objects.requireNonNull(events, "events");
      return this;
    }

    /**
     * Adds an extractor of extra attributes.
     *
     * @param extractor the extractor
     * @return this builder
     */
    public Builder addAttributesExtractor(GrpcAttributesExtractor extractor) {
      extractors.add(Objects.requireNonNull(extractor, "extractor"));
      return this;
    }

    /**
     * Sets the tracer both client and server spans are made with (default: targets {@value
     * GrpcTracing#CLIENT_TARGET} and {@value GrpcTracing#SERVER_TARGET}, so a filter can turn
     * either side off alone, or both with {@code io.tracebridge.grpc=off}).
     *
     * @param tracer the tracer
     * @return this builder
     */
    public Builder tracer(Tracer tracer) {
      this.clientTracer = Objects.requireNonNull(tracer, "tracer");
      this.serverTracer = tracer;
      return this;
    }

    /**
     * Builds the tracing.
     *
     * @return the tracing
     * @throws IllegalArgumentException if a policy left to the environment is malformed
     */
    public GrpcTracing build() {
      return new GrpcTracing(this);
    }
  }
}
