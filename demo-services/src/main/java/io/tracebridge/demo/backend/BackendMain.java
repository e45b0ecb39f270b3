package io.tracebridge.demo.backend;

import io.tracebridge.demo.DemoEnv;
import io.tracebridge.demo.DemoVersion;
import io.tracebridge.otel.setup.OtelSetup;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the backend. Settings: {@code BACKEND_BIND_ADDRESS} (default {@code 0.0.0.0}), {@code
 * BACKEND_HTTP_PORT} (8081), {@code BACKEND_GRPC_PORT} (9091), and the standard {@code OTEL_*} and
 * {@code TRACEBRIDGE_*} variables.
 */
public final class BackendMain {
  private BackendMain() {}

  /**
   * Starts the backend and serves until the JVM is stopped.
   *
   * @param args ignored
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    DemoEnv env = DemoEnv.fromSystem();
    OtelSetup setup =
        OtelSetup.builder()
            .defaultProperty("otel.service.name", "backend")
            .resourceDefault("service.version", DemoVersion.get())
            .install();
    Backend backend =
        Backend.start(
            env.string("BACKEND_BIND_ADDRESS", "0.0.0.0"),
            env.integer("BACKEND_HTTP_PORT", 8081),
            env.integer("BACKEND_GRPC_PORT", 9091));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    backend.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  setup.close();
                  stopped.countDown();
                },
                "backend-shutdown"));
    System.out.println("backend ready http=" + backend.httpPort() + " grpc=" + backend.grpcPort());
    stopped.await();
  }
}
