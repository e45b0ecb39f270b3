package io.tracebridge.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.subscriber.Filter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A traced server and channel, in-process or over Netty on loopback, exporting to memory through
 * the real SDK. Server and channel executors run their tasks with the fixture's subscriber, as a
 * global default would in an application.
 */
final class GrpcFixture implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  final Registry registry;
  final PricingService service = new PricingService();
  final ExecutorService serverPool = Executors.newFixedThreadPool(2);
  final ExecutorService channelPool = Executors.newFixedThreadPool(2);
  final Server server;
  final ManagedChannel channel;

  GrpcFixture(boolean netty, GrpcTracing clientTracing, GrpcTracing serverTracing)
      throws IOException {
    this(netty, clientTracing, serverTracing, Filter.all());
  }

  /**
   * With {@code otelFilter} in front of the OpenTelemetry layer, e.g. one that turns our spans off.
   */
  GrpcFixture(
      boolean netty, GrpcTracing clientTracing, GrpcTracing serverTracing, Filter otelFilter)
      throws IOException {
    registry = Registry.builder().with(OpenTelemetryLayer.builder(sdk).build(), otelFilter).build();
    var service = ServerInterceptors.intercept(this.service, serverTracing.newServerInterceptor());
    if (netty) {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(service)
              .executor(this::runOnServer)
              .build()
              .start();
      channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
              .usePlaintext()
              .executor(this::runOnChannel)
              .intercept(clientTracing.newClientInterceptor())
              .build();
    } else {
      String name = InProcessServerBuilder.generateName();
      server =
          InProcessServerBuilder.forName(name)
              .addService(service)
              .executor(this::runOnServer)
              .build()
              .start();
      channel =
          InProcessChannelBuilder.forName(name)
              .executor(this::runOnChannel)
              .intercept(clientTracing.newClientInterceptor())
              .build();
    }
  }

  GrpcFixture(boolean netty) throws IOException {
    this(netty, GrpcTracing.create(), GrpcTracing.create());
  }

  private void runOnServer(Runnable task) {
    serverPool.execute(() -> Dispatch.withDefault(registry, task));
  }

  private void runOnChannel(Runnable task) {
    channelPool.execute(() -> Dispatch.withDefault(registry, task));
  }

  void run(Runnable body) {
    Dispatch.withDefault(registry, body);
  }

  /** Server spans end on the server's threads, possibly after the client saw its response. */
  void awaitSpans(SpanKind kind, int count) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).count() < count
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  List<SpanData> ofKind(SpanKind kind) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
  }

  SpanData only(String name) {
    List<SpanData> matches =
        spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected one span '" + name + "' in " + spans.getFinishedSpanItems());
    }
    return matches.get(0);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    serverPool.shutdownNow();
    channelPool.shutdownNow();
  }
}
