package io.tracebridge.demo.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.otel.setup.OtelSetup;
import io.tracebridge.propagation.PropagationContext;
import io.tracebridge.propagation.TracebridgePropagators;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Scenario 9, distributed tracing: a producer and a consumer that share nothing but JSON text. The
 * producer injects its span's context into a {@link PropagationContext} (a {@code Map<String,
 * String>}) that travels inside each JSON message; the consumer parses the message, extracts the
 * context and makes it the parent of its own span with {@link OtelBridge#setParent}, so both spans
 * are one trace, the consumer's a child of the producer's: the Rust article's inject/extract over a
 * {@code HashMap}. The queue stands in for the network and carries no tracebridge context.
 *
 * <pre>
 * ...  INFO main send_order{otel.kind="producer"}: ...: sending message={"order":"A-1","trace":{"traceparent":"00-..."}}
 * ...  INFO consumer process_order{otel.kind="consumer"}: ...: processing remote_trace_id="4bf9..."
 * </pre>
 *
 * <p>Run with {@code OTEL_TRACES_EXPORTER=logging-otlp} to see the PRODUCER and CONSUMER spans with
 * the same trace id and the right parent id.
 */
public final class DistributedExample {
  private static final Tracer PRODUCER =
      Tracer.named("io.tracebridge.demo.examples.DistributedExample.producer");
  private static final Tracer CONSUMER =
      Tracer.named("io.tracebridge.demo.examples.DistributedExample.consumer");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STOP = "{}";

  /**
   * A message as it travels: plain JSON, with the trace context as a map of strings.
   *
   * @param order the order id
   * @param trace the propagation fields
   */
  public record OrderMessage(String order, Map<String, String> trace) {}

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
    BlockingQueue<String> network = new ArrayBlockingQueue<>(4);
    Thread consumer = new Thread(() -> consume(network), "consumer");
    consumer.start();
    Thread producer = new Thread(() -> produce(network), "producer");
    producer.start();
    join(producer);
    join(consumer);
  }

  private static void produce(BlockingQueue<String> network) {
    for (String order : new String[] {"A-1", "B-2"}) {
      try (EnteredSpan send =
          PRODUCER.infoSpan("send_order").field("otel.kind", "producer").entered()) {
        PropagationContext context =
            PropagationContext.inject(OtelBridge.context(send.span()), propagator());
        String message = JSON.writeValueAsString(new OrderMessage(order, context.fields()));
        PRODUCER.atInfo().field("message", message).log("sending");
        network.put(message);
      } catch (JsonProcessingException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    try {
      network.put(STOP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void consume(BlockingQueue<String> network) {
    try {
      for (String text = network.take(); !STOP.equals(text); text = network.take()) {
        OrderMessage message = JSON.readValue(text, OrderMessage.class);
        Span process =
            CONSUMER
                .infoSpan("process_order")
                .field("otel.kind", "consumer")
                .field("order", message.order())
                .start();
        OtelBridge.setParent(
            process, new PropagationContext(message.trace()).extract(propagator()));
        try (Scope entered = process.enter()) {
          CONSUMER
              .atInfo()
              .field("remote_trace_id", OtelBridge.spanContext(process).getTraceId())
              .log("processing");
          CONSUMER.infoSpan("reserve_stock").run(() -> CONSUMER.info("stock reserved"));
        } finally {
          process.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The installed setup's propagators ({@code OTEL_PROPAGATORS}), else W3C trace context and
   * baggage.
   */
  private static TextMapPropagator propagator() {
    OtelSetup setup = OtelSetup.installed();
    return setup != null
        ? setup.openTelemetry().getPropagators().getTextMapPropagator()
        : TracebridgePropagators.fromList("tracecontext,baggage");
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
