package io.tracebridge.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP trace receiver on loopback that reads each request body completely, counts requests
 * and bytes, and answers 200: the far end of the export-throughput benchmark.
 */
public final class LocalOtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  public final AtomicLong requests = new AtomicLong();
  public final AtomicLong bytes = new AtomicLong();

  static {
    // Like MockWebServer, the JDK server would otherwise meet delayed ACKs on every response and
    // cap the exporter at a few batches per second.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  public LocalOtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/v1/traces",
        exchange -> {
          long n = 0;
          try (InputStream body = exchange.getRequestBody()) {
            byte[] buffer = new byte[16 * 1024];
            for (int read; (read = body.read(buffer)) > 0; ) {
              n += read;
            }
          }
          requests.incrementAndGet();
          bytes.addAndGet(n);
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "otlp-receiver");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
