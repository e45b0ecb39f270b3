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
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
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
    if (System.getProperty(IDLE_PROPERTY) == null) {
      System.setProperty(IDLE_PROPERTY, String.valueOf(DEFAULT_SERVER_IDLE_SECONDS));
    }
    return HttpServer.create(address, 0);
  }

  /** The JDK server's idle-connection timeout, in seconds (read once by the JDK). */
  static final String IDLE_PROPERTY = "sun.net.httpserver.idleInterval";

  /** The JDK's own default, set explicitly so that the clients' pools can be sized below it. */
  static final int DEFAULT_SERVER_IDLE_SECONDS = 30;

  /**
   * How long the demo's OkHttp pool keeps an idle connection: two thirds of the servers' idle
   * timeout (OkHttp's default is 5 minutes, the JDK server closes after 30 s). A pooled connection
   * the server already closed fails its next request with "unexpected end of stream", OkHttp
   * retries it, and a successful checkout shows a red attempt; a pool that lets go first never
   * reuses a dead connection.
   *
   * @return seconds
   */
  public static long clientKeepAliveSeconds() {
    long serverIdle = Long.getLong(IDLE_PROPERTY, DEFAULT_SERVER_IDLE_SECONDS);
    return Math.max(1, serverIdle * 2 / 3);
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
