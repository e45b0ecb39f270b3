package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteRequest;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Runs the same calls over Netty through OpenTelemetry's {@code GrpcTelemetry} (2.31.1-alpha) and
 * through ours, and checks, span by span, names, kinds, status codes, every attribute (mapped where
 * the conventions renamed it), every message event, and the instrumentation scope. The conventions
 * follow {@code otel.semconv-stability.opt-in}, which OpenTelemetry's instrumentation reads once
 * per JVM: the build runs this test three times (see the pom): with {@code rpc} (the stable
 * conventions, our default), with {@code rpc/dup}, and without (OpenTelemetry's old conventions,
 * our {@link RpcConventions#OLD}). Every difference is listed in docs/grpc.md.
 */
class GrpcTelemetryDifferentialTest {
  /**
   * Keys that must be present but whose values differ between two runs by construction: each run
   * binds its own ephemeral server port, and the client side gets its own ephemeral port.
   */
  private static final Set<String> ALLOWED = Set.of("server.port", "network.peer.port");

  /** What OpenTelemetry's instrumentation emits in this JVM, as it reads the opt-in. */
  private static final RpcConventions THEIRS =
      theirConventions(System.getProperty("otel.semconv-stability.opt-in"));

  /**
   * Their key to ours: instrumentation 2.31.1 writes the status as {@code
   * rpc.response.status_code}, the name before semantic conventions 1.45, which renamed it {@code
   * rpc.status_code}.
   */
  private static final Map<String, String> RENAMED =
      Map.of("rpc.response.status_code", "rpc.status_code");

  private static RpcConventions theirConventions(String optIn) {
    if (optIn == null) {
      return RpcConventions.OLD; // OpenTelemetry keeps the old RPC conventions unless asked
    }
    RpcConventions parsed = RpcConventions.parse(optIn);
    return parsed == RpcConventions.STABLE && !optIn.contains("rpc") ? RpcConventions.OLD : parsed;
  }

  private static List<SpanData> runTheirs(Consumer<ManagedChannel> calls) throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    GrpcTelemetry telemetry = GrpcTelemetry.create(sdk);
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                ServerInterceptors.intercept(
                    new PricingService(), telemetry.createServerInterceptor()))
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .usePlaintext()
            .intercept(telemetry.createClientInterceptor())
            .build();
    try {
      calls.accept(channel);
      awaitServerSpans(exporter, 4);
      return exporter.getFinishedSpanItems();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static List<SpanData> runOurs(Consumer<ManagedChannel> calls) throws Exception {
    // Message events on, as OpenTelemetry's instrumentation has them, so that they are compared
    // too.
    GrpcTracing tracing =
        GrpcTracing.builder().rpcConventions(THEIRS).messageEvents(MessageEvents.ALL).build();
    try (GrpcFixture f = new GrpcFixture(true, tracing, tracing)) {
      f.run(() -> calls.accept(f.channel));
      awaitServerSpans(f.spans, 4);
      return f.spans.getFinishedSpanItems();
    }
  }

  private static void awaitServerSpans(InMemorySpanExporter exporter, int count) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .count()
            < count
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private static final Consumer<ManagedChannel> CALLS =
      channel -> {
        var stub = PricingGrpc.newBlockingStub(channel);
        stub.quote(QuoteRequest.newBuilder().setSku("ok-1").setQuantity(2).build());
        for (String failure : new String[] {"NOT_FOUND", "INTERNAL"}) {
          try {
            stub.quote(
                QuoteRequest.newBuilder().setSku("f-" + failure).setFailWith(failure).build());
          } catch (io.grpc.StatusRuntimeException expected) {
            // part of the scenario
          }
        }
        stub.quoteStream(QuoteRequest.newBuilder().setSku("s-1").setQuantity(2).build())
            .forEachRemaining(r -> {});
      };

  @Test
  void ourSpansMatchGrpcTelemetrysInNameStatusAttributesEventsAndScope() throws Exception {
    List<SpanData> theirs = runTheirs(CALLS);
    List<SpanData> ours = runOurs(CALLS);

    for (SpanKind kind : new SpanKind[] {SpanKind.CLIENT, SpanKind.SERVER}) {
      List<SpanData> theirSpans = sorted(theirs, kind);
      List<SpanData> ourSpans = sorted(ours, kind);
      assertThat(theirSpans).as("%s spans from GrpcTelemetry", kind).hasSize(4);
      assertThat(ourSpans).as("%s spans", kind).hasSameSizeAs(theirSpans);
      for (int i = 0; i < theirSpans.size(); i++) {
        SpanData their = theirSpans.get(i);
        SpanData our = ourSpans.get(i);
        String what = kind + " span " + i + " (" + THEIRS + ")";
        assertThat(our.getName()).as(what).isEqualTo(their.getName());
        assertThat(our.getStatus().getStatusCode())
            .as("%s status", what)
            .isEqualTo(their.getStatus().getStatusCode());
        Map<String, Object> mine = attributes(our);
        Map<String, Object> expected = new TreeMap<>();
        attributes(their)
            .forEach((key, value) -> expected.put(RENAMED.getOrDefault(key, key), value));
        expected.forEach(
            (key, value) -> {
              if (!ALLOWED.contains(key)) {
                assertThat(mine).as("%s attribute %s", what, key).containsEntry(key, value);
              } else {
                assertThat(mine).as("%s attribute %s", what, key).containsKey(key);
              }
            });
        // Nothing more than theirs, but error.type, which the stable conventions require on failure
        // and instrumentation 2.31.1 does not write yet.
        Set<String> extra = new java.util.TreeSet<>(mine.keySet());
        extra.removeAll(expected.keySet());
        assertThat(extra)
            .as("%s attributes theirs lack", what)
            .isSubsetOf(THEIRS == RpcConventions.OLD ? Set.of() : Set.of("error.type"));
        if (!extra.isEmpty()) {
          assertThat(mine).containsEntry("error.type", mine.get("rpc.status_code"));
        }
        assertThat(events(our)).as("%s message events", what).isEqualTo(events(their));
        // Scopes differ on purpose: ours are per integration side, with our version and schema URL.
        assertThat(their.getInstrumentationScopeInfo().getName())
            .isEqualTo("io.opentelemetry.grpc-1.6");
        assertThat(our.getInstrumentationScopeInfo().getName())
            .isEqualTo(
                kind == SpanKind.CLIENT ? GrpcTracing.CLIENT_TARGET : GrpcTracing.SERVER_TARGET);
        assertThat(our.getInstrumentationScopeInfo().getVersion()).isNotBlank();
        assertThat(our.getInstrumentationScopeInfo().getSchemaUrl())
            .isEqualTo(io.opentelemetry.semconv.SchemaUrls.V1_45_0);
      }
    }
  }

  /** The span's events as name and attributes, in order. */
  private static List<String> events(SpanData span) {
    return span.getEvents().stream()
        .map(
            e ->
                e.getName()
                    + new TreeMap<>(
                        e.getAttributes().asMap().entrySet().stream()
                            .collect(
                                java.util.stream.Collectors.toMap(
                                    x -> x.getKey().getKey(), Map.Entry::getValue))))
        .toList();
  }

  private static List<SpanData> sorted(List<SpanData> spans, SpanKind kind) {
    return spans.stream()
        .filter(s -> s.getKind() == kind)
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
        .toList();
  }

  private static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> map = new TreeMap<>();
    span.getAttributes().forEach((AttributeKey<?> k, Object v) -> map.put(k.getKey(), v));
    return map;
  }
}
