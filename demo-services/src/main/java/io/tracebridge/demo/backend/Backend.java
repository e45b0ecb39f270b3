package io.tracebridge.demo.backend;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.tracebridge.demo.Http;
import io.tracebridge.grpc.GrpcTracing;
import io.tracebridge.okhttp.httpserver.TracingFilter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The backend: {@code GET /inventory} over HTTP and {@code Pricing/Quote} over gRPC, both traced.
 */
public final class Backend implements AutoCloseable {
  private final HttpServer http;
  private final Server grpc;
  private final ReservationWorker worker = new ReservationWorker();
  private final ExecutorService httpPool = Executors.newFixedThreadPool(8);

  private Backend(String bindAddress, int httpPort, int grpcPort) throws IOException {
    http = Http.server(new InetSocketAddress(bindAddress, httpPort));
    HttpContext inventory = http.createContext("/inventory", new InventoryHandler(worker));
    inventory.getFilters().add(TracingFilter.create());
    http.createContext("/health", exchange -> Http.json(exchange, 200, "{\"status\":\"up\"}"));
    http.setExecutor(httpPool);
    http.start();
    grpc =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, grpcPort))
            .addService(
                ServerInterceptors.intercept(
                    new PricingService(), GrpcTracing.create().newServerInterceptor()))
            .build()
            .start();
  }

  /**
   * Starts the backend.
   *
   * @param bindAddress the address to listen on
   * @param httpPort the HTTP port, 0 for any
   * @param grpcPort the gRPC port, 0 for any
   * @return the running backend
   * @throws IOException if a port cannot be bound
   */
  public static Backend start(String bindAddress, int httpPort, int grpcPort) throws IOException {
    return new Backend(bindAddress, httpPort, grpcPort);
  }

  /**
   * Returns the HTTP port.
   *
   * @return the port
   */
  public int httpPort() {
    return http.getAddress().getPort();
  }

  /**
   * Returns the gRPC port.
   *
   * @return the port
   */
  public int grpcPort() {
    return grpc.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    http.stop(0);
    httpPool.shutdownNow();
    grpc.shutdown().awaitTermination(5, TimeUnit.SECONDS);
    worker.close();
  }
}
