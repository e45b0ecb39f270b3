package io.tracebridge.otel.setup;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal OTLP/HTTP trace receiver on loopback: it accepts {@code POST /v1/traces}, answers 200
 * and keeps each request body. Protobuf keeps strings as UTF-8 bytes, so span names can be found in
 * it.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<String> bodies = new ArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OtlpReceiver receiver = new OtlpReceiver(server);
    server.createContext(
        "/v1/traces",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (receiver.bodies) {
            receiver.bodies.add(new String(body, StandardCharsets.ISO_8859_1));
          }
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return receiver;
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<String> bodies() {
    synchronized (bodies) {
      return new ArrayList<>(bodies);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
