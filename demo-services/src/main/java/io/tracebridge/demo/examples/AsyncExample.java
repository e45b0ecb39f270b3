package io.tracebridge.demo.examples;

import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.instrument.Instrument;
import io.tracebridge.instrument.Instrumented;
import io.tracebridge.otel.setup.OtelSetup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 2, asynchronous tracing: {@code process_request} runs as a {@link CompletableFuture}
 * chain whose second half resumes on another thread after a 100 ms delay, and still logs inside
 * {@code app-start:process_request}. This is the Rust article's tokio example:
 *
 * <pre>
 * ...  INFO main app-start:process_request{id="req-1"}: ...AsyncExample$Requests: Processing request
 * ...  INFO async-1 app-start:process_request{id="req-1"}: ...AsyncExample$Requests: Done
 * </pre>
 *
 * <p>The console here also prints a line when each span closes, with its busy time (some thread had
 * it entered) and idle time (suspended, waiting for the delay): about 100 ms idle per request.
 */
public final class AsyncExample {
  private static final Tracer TRACER = Tracer.forClass(AsyncExample.class);

  private AsyncExample() {}

  /**
   * The service, instrumented like Rust's {@code #[instrument] async fn process_request(id: &str)}.
   */
  public interface Requests {
    /**
     * Handles one request asynchronously.
     *
     * @param id the request id, recorded as a span field
     * @return completes when the request is done
     */
    @Instrument(name = "process_request")
    CompletionStage<Void> processRequest(String id);
  }

  /** The implementation: log, wait 100 ms without blocking a thread, log again. */
  static final class RequestHandler implements Requests {
    private static final Tracer LOG = Tracer.forClass(Requests.class);
    private final ExecutorService pool;

    RequestHandler(ExecutorService pool) {
      this.pool = pool;
    }

    @Override
    public CompletionStage<Void> processRequest(String id) {
      LOG.info("Processing request");
      // The delayed stage runs on a pool thread; TracedFuture enters the current span there.
      return TracedFuture.<Void>create(Span.current())
          .completeAsync(
              () -> null, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS, pool))
          .thenRun(() -> LOG.info("Done"));
    }
  }

  /**
   * Runs the example on the console.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (OtelSetup setup = Examples.init()) {
      run();
    }
  }

  static void run() {
    FmtLayer console =
        FmtLayer.builder().format(FmtLayer.fromEnv().format()).spanCloseEvents(true).build();
    ExecutorService pool = Examples.pool("async", 2);
    try {
      Requests requests = Instrumented.proxy(Requests.class, new RequestHandler(pool));
      Examples.withConsole(
          console,
          EnvFilter.fromEnv("trace"),
          () -> {
            try (EnteredSpan appStart = TRACER.infoSpan("app-start").entered()) {
              requests.processRequest("req-1").toCompletableFuture().join();
              requests.processRequest("req-2").toCompletableFuture().join();
            }
          });
    } finally {
      pool.shutdownNow();
    }
  }
}
