package io.tracebridge.demo.loadgen;

import io.tracebridge.demo.DemoEnv;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls the frontend at a fixed rate, for a number of requests or forever. Settings: {@code
 * FRONTEND_URL} ({@code http://localhost:8080}), {@code LOADGEN_RATE} (requests per second, 2),
 * {@code LOADGEN_REQUESTS} (0 for forever), {@code LOADGEN_ERROR_RATE} (the fraction of requests
 * made to fail, 0.1: half with user 0, which the backend does not know, half with 13 items, which
 * it cannot stock).
 */
public final class LoadGenMain {
  private LoadGenMain() {}

  /**
   * Runs the load.
   *
   * @param args ignored
   * @throws Exception if interrupted
   */
  public static void main(String[] args) throws Exception {
    DemoEnv env = DemoEnv.fromSystem();
    String frontend = env.string("FRONTEND_URL", "http://localhost:8080");
    double rate = env.decimal("LOADGEN_RATE", 2);
    int total = env.integer("LOADGEN_REQUESTS", 0);
    double errorRate = env.decimal("LOADGEN_ERROR_RATE", 0.1);
    if (rate <= 0 || errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException(
          "LOADGEN_RATE must be > 0 and LOADGEN_ERROR_RATE in [0, 1]");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long pauseNanos = (long) (1e9 / rate);
    for (int i = 0; total == 0 || i < total; i++) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long user = 1 + random.nextInt(1000);
      int items = 1 + random.nextInt(5);
      if (random.nextDouble() < errorRate) {
        if (random.nextBoolean()) {
          user = 0;
        } else {
          items = 13;
        }
      }
      URI uri = URI.create(frontend + "/checkout?user=" + user + "&items=" + items);
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + uri.getRawQuery() + " " + response.body());
      } catch (IOException e) {
        System.out.println("failed " + uri.getRawQuery() + ": " + e);
      }
      Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
    }
  }
}
