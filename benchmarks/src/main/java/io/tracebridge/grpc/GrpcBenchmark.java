package io.tracebridge.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.tracebridge.benchmarks.BenchOtel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Target 6: a unary call over the in-process transport, untraced, with our client and server
 * interceptors, and with OTel's {@code GrpcTelemetry} ones, all on the shared SDK. Each side has
 * its own in-process server; the service echoes a 17-byte message. Server and channel use a direct
 * executor, so the figure is the call path itself, not thread hand-offs on a 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GrpcBenchmark {
  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  static final MethodDescriptor<byte[], byte[]> ECHO =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private final byte[] payload = "quote for item 42".getBytes(StandardCharsets.UTF_8);
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private ManagedChannel untraced;
  private ManagedChannel tracebridge;
  private ManagedChannel otel;

  @Setup
  public void setUp() throws IOException {
    BenchOtel.install();
    GrpcTracing ours = GrpcTracing.create();
    GrpcTelemetry theirs = GrpcTelemetry.create(BenchOtel.SDK);
    untraced = start("untraced", null, null);
    tracebridge = start("tracebridge", ours.newServerInterceptor(), ours.newClientInterceptor());
    otel = start("otel", theirs.createServerInterceptor(), theirs.createClientInterceptor());
  }

  private ManagedChannel start(String name, ServerInterceptor server, ClientInterceptor client)
      throws IOException {
    ServerServiceDefinition echo =
        ServerServiceDefinition.builder("bench.Echo")
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall(
                    (request, observer) -> {
                      observer.onNext(request);
                      observer.onCompleted();
                    }))
            .build();
    String unique = "bench-" + name + "-" + System.nanoTime();
    servers.add(
        InProcessServerBuilder.forName(unique)
            .directExecutor()
            .addService(server == null ? echo : ServerInterceptors.intercept(echo, server))
            .build()
            .start());
    InProcessChannelBuilder channel = InProcessChannelBuilder.forName(unique).directExecutor();
    if (client != null) {
      channel.intercept(client);
    }
    ManagedChannel built = channel.build();
    channels.add(built);
    return built;
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Benchmark
  public byte[] untraced() {
    return ClientCalls.blockingUnaryCall(untraced, ECHO, CallOptions.DEFAULT, payload);
  }

  @Benchmark
  public byte[] tracebridge() {
    return ClientCalls.blockingUnaryCall(tracebridge, ECHO, CallOptions.DEFAULT, payload);
  }

  @Benchmark
  public byte[] otelGrpcTelemetry() {
    return ClientCalls.blockingUnaryCall(otel, ECHO, CallOptions.DEFAULT, payload);
  }
}
