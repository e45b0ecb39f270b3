package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteRequest;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.propagation.TracebridgePropagators;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gRPC client and server interceptors use the propagators registered globally, whether they
 * were built before that registration or after it.
 */
class ConstructionOrderTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final Registry registry =
      Registry.builder().with(OpenTelemetryLayer.builder(sdk).build()).build();
  private final Set<String> keysOnTheWire = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
    TracebridgePropagators.resetGlobalForTest();
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
    pool.shutdownNow();
  }

  @ParameterizedTest(name = "built before the global setup: {0}")
  @ValueSource(booleans = {true, false})
  void theWireFormatIsTheGlobalOneWhicheverWasBuiltFirst(boolean builtFirst) throws Exception {
    GrpcTracing client;
    GrpcTracing serverSide;
    if (builtFirst) {
      client = GrpcTracing.create();
      serverSide = GrpcTracing.create();
      registerGlobalB3();
    } else {
      registerGlobalB3();
      client = GrpcTracing.create();
      serverSide = GrpcTracing.create();
    }
    String name = InProcessServerBuilder.generateName();
    ServerInterceptor capture =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            keysOnTheWire.addAll(headers.keys());
            return next.startCall(call, headers);
          }
        };
    server =
        InProcessServerBuilder.forName(name)
            .addService(
                ServerInterceptors.intercept(
                    new PricingService(), serverSide.newServerInterceptor(), capture))
            .executor(task -> pool.execute(() -> Dispatch.withDefault(registry, task)))
            .build()
            .start();
    channel =
        InProcessChannelBuilder.forName(name)
            .executor(task -> pool.execute(() -> Dispatch.withDefault(registry, task)))
            .intercept(client.newClientInterceptor())
            .build();

    Dispatch.withDefault(
        registry,
        () ->
            PricingGrpc.newBlockingStub(channel)
                .quote(QuoteRequest.newBuilder().setSku("A-1").setQuantity(1).build()));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (spans.getFinishedSpanItems().size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    assertThat(keysOnTheWire).contains("b3").doesNotContain("traceparent");
    SpanData clientSpan = kind(SpanKind.CLIENT);
    assertThat(kind(SpanKind.SERVER).getParentSpanId()).isEqualTo(clientSpan.getSpanId());
  }

  private SpanData kind(SpanKind kind) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == kind)
        .findFirst()
        .orElseThrow();
  }

  private static void registerGlobalB3() {
    GlobalOpenTelemetry.set(
        OpenTelemetrySdk.builder()
            .setPropagators(ContextPropagators.create(TracebridgePropagators.named("b3")))
            .build());
    // As the agent or a framework would: nothing tells tracebridge; it looks at most once a ms.
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
