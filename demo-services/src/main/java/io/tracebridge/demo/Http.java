package io.tracebridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the demo's JDK HTTP handlers. */
public final class Http {
  private Http() {}

  /**
   * Parses the request's query string.
   *
   * @param exchange the exchange
   * @return the parameters, first value wins
   */
  public static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(key, value);
      }
    }
    return params;
  }

  /**
   * Reads an integer parameter.
   *
   * @param params the parameters
   * @param name the name
   * @param fallback the default, also used for a malformed value
   * @return the value
   */
  public static int intParam(Map<String, String> params, String name, int fallback) {
    try {
      return Integer.parseInt(params.getOrDefault(name, String.valueOf(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /**
   * Sends a JSON response.
   *
   * @param exchange the exchange
   * @param status the status code
   * @param body the JSON text
   * @throws IOException if writing fails
   */
  /**
   * Creates a JDK HTTP server with {@code TCP_NODELAY} on its connections: it writes a response's
   * headers and body separately, and without it each response on a kept-alive connection can wait
   * for the client's delayed ACK (40 ms on Linux). The JDK reads the setting once, from the system
   * property {@code sun.net.httpserver.nodelay}; one set explicitly is left alone.
   *
   * @param address where to listen
   * @return the server, not started
   * @throws IOException if the address cannot be bound
   */
  public static HttpServer server(InetSocketAddress address) throws IOException {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    return HttpServer.create(address, 0);
  }

  public static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
