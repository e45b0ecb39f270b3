package io.tracebridge.demo.examples;

import io.tracebridge.Tracer;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.instrument.Instrument;
import io.tracebridge.instrument.Instrumented;
import io.tracebridge.otel.setup.OtelSetup;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Scenario 5, nested spans with an error: two connections are handled concurrently; {@code
 * fetch_data} fails for {@code conn-2}. The error event is emitted inside {@code
 * handle_connection:fetch_data}, and {@code err = true} records the exception once on each span as
 * it propagates (one ERROR event each, as Rust's {@code #[instrument(err)]}), so the failure is
 * visible on the inner span and on the request that contains it:
 *
 * <pre>
 * ... ERROR conn-pool-2 handle_connection{id="conn-2"}:fetch_data{id="conn-2"}: ...: Simulated failure id="conn-2"
 * ... ERROR conn-pool-2 handle_connection{id="conn-2"}:fetch_data{id="conn-2"}: ...: error=java.io.IOException: timeout
 * ... ERROR conn-pool-2 handle_connection{id="conn-2"}: ...: error=java.io.IOException: timeout
 * </pre>
 */
public final class NestedErrorsExample {
  private NestedErrorsExample() {}

  /** The connection handler, as in the Rust article: {@code #[instrument(skip(stream))]}. */
  public interface Connections {
    /**
     * Handles one connection.
     *
     * @param id the connection id
     * @param stream the raw stream, skipped because it is not worth logging
     * @throws IOException if fetching data fails
     */
    @Instrument(name = "handle_connection", skip = "stream", err = true)
    void handleConnection(String id, Object stream) throws IOException;

    /**
     * Fetches the data of one connection.
     *
     * @param id the connection id
     * @return the data
     * @throws IOException when the connection times out
     */
    @Instrument(name = "fetch_data", err = true)
    byte[] fetchData(String id) throws IOException;
  }

  static final class ConnectionHandler implements Connections {
    private static final Tracer TRACER = Tracer.forClass(ConnectionHandler.class);
    private Connections self;

    @Override
    public void handleConnection(String id, Object stream) throws IOException {
      TRACER.info("Connection established");
      byte[] data = self.fetchData(id);
      TRACER.atInfo().field("data_len", data.length).log("Data fetched");
    }

    @Override
    public byte[] fetchData(String id) throws IOException {
      Examples.sleep(50);
      if (id.equals("conn-2")) {
        TRACER.atError().field("id", id).log("Simulated failure");
        throw new IOException("timeout");
      }
      return new byte[] {1, 2, 3};
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
    ConnectionHandler handler = new ConnectionHandler();
    Connections connections = Instrumented.proxy(Connections.class, handler);
    handler.self = connections; // calls to fetchData go through the proxy, so they get a span
    ExecutorService pool = TracingExecutors.wrap(Examples.pool("conn-pool", 2));
    try {
      List<Future<?>> handles =
          List.of(
              pool.submit(() -> handle(connections, "conn-1")),
              pool.submit(() -> handle(connections, "conn-2")));
      for (Future<?> handle : handles) {
        handle.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void handle(Connections connections, String id) {
    try {
      connections.handleConnection(id, new Object());
    } catch (IOException e) {
      // Already recorded on both spans by err = true; the caller decides what else to do.
    }
  }
}
