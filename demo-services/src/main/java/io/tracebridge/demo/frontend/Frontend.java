package io.tracebridge.demo.frontend;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tracebridge.TracingExecutors;
import io.tracebridge.demo.Http;
import io.tracebridge.demo.pricing.PricingGrpc;
import io.tracebridge.grpc.GrpcTracing;
import io.tracebridge.okhttp.OkHttpTracing;
import io.tracebridge.okhttp.httpserver.TracingFilter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** The frontend: {@code GET /checkout}, calling the backend over traced HTTP and traced gRPC. */
public final class Frontend implements AutoCloseable {
  private final HttpServer http;
  private final ManagedChannel channel;
  private final ExecutorService httpPool = Executors.newFixedThreadPool(8);
  private final ExecutorService work = Executors.newFixedThreadPool(2);

  private Frontend(String bindAddress, int port, String backendHttp, String backendGrpc) throws IOException {
    HttpUrl backend = HttpUrl.parse(backendHttp);
    if (backend == null) {
      throw new IllegalArgumentException("BACKEND_HTTP_URL='" + backendHttp + "' is not an http(s) URL");
    }
    channel = NettyChannelBuilder.forTarget(backendGrpc).usePlaintext()
        .intercept(GrpcTracing.create().newClientInterceptor()).build();
    OkHttpClient client = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
    CheckoutHandler checkout = new CheckoutHandler(OkHttpTracing.create().newCallFactory(client), backend,
        PricingGrpc.newBlockingStub(channel), TracingExecutors.wrap(work));
    http = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    HttpContext context = http.createContext("/checkout", checkout);
    context.getFilters().add(TracingFilter.create());
    http.createContext("/health", exchange -> Http.json(exchange, 200, "{\"status\":\"up\"}"));
    http.setExecutor(httpPool);
    http.start();
  }

  /**
   * Starts the frontend.
   *
   * @param bindAddress the address to listen on
   * @param port the HTTP port, 0 for any
   * @param backendHttp the backend's base URL, e.g. {@code http://backend:8081}
   * @param backendGrpc the backend's gRPC target, e.g. {@code backend:9091}
   * @return the running frontend
   * @throws IOException if the port cannot be bound
   */
  public static Frontend start(String bindAddress, int port, String backendHttp, String backendGrpc) throws IOException {
    return new Frontend(bindAddress, port, backendHttp, backendGrpc);
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
}
