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
 * Runs the same calls over Netty through OpenTelemetry's {@code GrpcTelemetry} and through ours, and
 * checks that our CLIENT and SERVER spans have the same names, kinds and statuses, and carry every
 * attribute theirs carry with the same value, except the keys in {@link #ALLOWED}, documented in
 * docs/grpc.md.
 */
class GrpcTelemetryDifferentialTest {
  /**
   * Keys that must be present but whose values differ between two runs by construction: each run
   * binds its own ephemeral server port, and the client side gets its own ephemeral port.
   */
  private static final Set<String> ALLOWED = Set.of("server.port", "network.peer.port");

  private static List<SpanData> runTheirs(Consumer<ManagedChannel> calls) throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    GrpcTelemetry telemetry = GrpcTelemetry.create(sdk);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new PricingService(), telemetry.createServerInterceptor())).build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .intercept(telemetry.createClientInterceptor()).build();
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
    try (GrpcFixture f = new GrpcFixture(true)) {
      f.run(() -> calls.accept(f.channel));
      awaitServerSpans(f.spans, 4);
      return f.spans.getFinishedSpanItems();
    }
  }

  private static void awaitServerSpans(InMemorySpanExporter exporter, int count) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.SERVER).count() < count
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private static final Consumer<ManagedChannel> CALLS = channel -> {
    var stub = PricingGrpc.newBlockingStub(channel);
    stub.quote(QuoteRequest.newBuilder().setSku("ok-1").setQuantity(2).build());
    for (String failure : new String[] {"NOT_FOUND", "INTERNAL"}) {
      try {
        stub.quote(QuoteRequest.newBuilder().setSku("f-" + failure).setFailWith(failure).build());
      } catch (io.grpc.StatusRuntimeException expected) {
        // part of the scenario
      }
    }
    stub.quoteStream(QuoteRequest.newBuilder().setSku("s-1").setQuantity(2).build()).forEachRemaining(r -> {});
  };

  @Test
  void ourSpansCarryEveryAttributeGrpcTelemetrysCarryWithTheSameValues() throws Exception {
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
        assertThat(our.getName()).isEqualTo(their.getName());
        assertThat(our.getStatus().getStatusCode()).as("%s status of %s", kind, their.getName())
            .isEqualTo(their.getStatus().getStatusCode());
        Map<String, Object> mine = attributes(our);
        int index = i;
        attributes(their).forEach((key, value) -> {
          if (!ALLOWED.contains(key)) {
            assertThat(mine).as("%s span %d attribute %s", kind, index, key).containsEntry(key, value);
          } else {
            assertThat(mine).as("%s span %d attribute %s", kind, index, key).containsKey(key);
          }
        });
      }
    }
  }

  private static List<SpanData> sorted(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind)
        .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
  }

  private static Map<String, Object> attributes(SpanData span) {
    Map<String, Object> map = new TreeMap<>();
    span.getAttributes().forEach((AttributeKey<?> k, Object v) -> map.put(k.getKey(), v));
    return map;
  }
}
