package io.tracebridge.demo.frontend;

import io.tracebridge.demo.DemoEnv;
import io.tracebridge.demo.DemoVersion;
import io.tracebridge.otel.setup.OtelSetup;
import io.tracebridge.propagation.InboundPolicy;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the frontend. Settings: {@code FRONTEND_BIND_ADDRESS} (default {@code 0.0.0.0}), {@code
 * FRONTEND_PORT} (8080), {@code BACKEND_HTTP_URL} ({@code http://localhost:8081}), {@code
 * BACKEND_GRPC_TARGET} ({@code localhost:9091}), {@code PARTNER_RATES_URL} (an exchange-rate
 * partner's base URL; none by default), and the standard {@code OTEL_*} and {@code TRACEBRIDGE_*}
 * variables. As the public edge it restarts callers' traces with a link unless {@code
 * TRACEBRIDGE_PROPAGATION_INBOUND_FRONTEND} or {@code TRACEBRIDGE_PROPAGATION_INBOUND} says
 * otherwise.
 */
public final class FrontendMain {
  private FrontendMain() {}

  /**
   * Starts the frontend and serves until the JVM is stopped.
   *
   * @param args ignored
   * @throws Exception if it cannot start
   */
  public static void main(String[] args) throws Exception {
    DemoEnv env = DemoEnv.fromSystem();
    OtelSetup setup =
        OtelSetup.builder()
            .defaultProperty("otel.service.name", "frontend")
            .resourceDefault("service.version", DemoVersion.get())
            .install();
    Frontend frontend =
        Frontend.builder(
                env.string("BACKEND_HTTP_URL", "http://localhost:8081"),
                env.string("BACKEND_GRPC_TARGET", "localhost:9091"))
            .bind(
                env.string("FRONTEND_BIND_ADDRESS", "0.0.0.0"), env.integer("FRONTEND_PORT", 8080))
            .partner(env.string("PARTNER_RATES_URL", null))
            .inboundPolicy(InboundPolicy.fromEnv("frontend", InboundPolicy.Mode.RESTART_WITH_LINK))
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    frontend.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  setup.close();
                  stopped.countDown();
                },
                "frontend-shutdown"));
    System.out.println("frontend ready http=" + frontend.port());
    stopped.await();
  }
}
