package io.tracebridge.demo.examples;

import io.tracebridge.EnteredSpan;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.otel.OtelSetup;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Scenario 9, distributed tracing: a "client" and a "server" that share nothing but messages. The
 * client injects its span's context into a {@link PropagationContext} ({@code HashMap}) inside the
 * request; the server extracts it and makes it the parent of its own span with
 * {@link OtelBridge#setParent}, so both spans belong to one trace, the server's a child of the
 * client's: the seed's inject/extract over a {@code HashMap}. The queue stands in for the network and
 * deliberately carries no tracebridge context.
 *
 * <pre>
 * ...  INFO main send_request{otel.kind="client"}: ...: sending traceparent="00-4bf9...-01"
 * ...  INFO server handle_request{otel.kind="server"}: ...: handling remote_trace_id="4bf9..."
 * </pre>
 *
 * <p>Run with {@code OTEL_TRACES_EXPORTER=logging-otlp} to see the CLIENT span and the SERVER span
 * with the same trace id and the right parent id.
 */
public final class DistributedExample {
  private static final Tracer CLIENT = Tracer.named("io.tracebridge.demo.examples.DistributedExample.client");
  private static final Tracer SERVER = Tracer.named("io.tracebridge.demo.examples.DistributedExample.server");

  /** A request as it would travel over the wire: a body and its propagation headers. */
  record Request(String body, PropagationContext context) {}

  private DistributedExample() {}

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
    BlockingQueue<Request> network = new ArrayBlockingQueue<>(1);
    Thread server = new Thread(() -> serve(network), "server");
    server.start();
    try (EnteredSpan send = CLIENT.infoSpan("send_request").field("otel.kind", "client").entered()) {
      PropagationContext headers = PropagationContext.inject(send.span());
      CLIENT.atInfo().field("traceparent", String.valueOf(headers.fields().get("traceparent"))).log("sending");
      network.put(new Request("GET /inventory", headers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void serve(BlockingQueue<Request> network) {
    try {
      Request request = network.take();
      Span handle = SERVER.infoSpan("handle_request").field("otel.kind", "server").start();
      OtelBridge.setParent(handle, request.context().extract()); // before entering it
      try (Scope entered = handle.enter()) {
        SERVER.atInfo()
            .field("remote_trace_id", OtelBridge.spanContext(handle).getTraceId())
            .log("handling");
        SERVER.infoSpan("query_stock").field("sku", "A-1").run(() -> SERVER.info("stock checked"));
      } finally {
        handle.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
