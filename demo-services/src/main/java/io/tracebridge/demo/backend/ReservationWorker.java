package io.tracebridge.demo.backend;

import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.propagation.PropagationContext;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker thread fed through a queue. Each message carries a {@link PropagationContext} map, as it
 * would across a real message broker: the worker's span takes the sender's span as its parent from
 * that map alone (the Rust article's channel and distributed scenario).
 */
final class ReservationWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReservationWorker.class);
  private static final Tracer TRACER = Tracer.forClass(ReservationWorker.class);

  /** A reservation request as it travels through the queue. */
  record Message(String sku, int items, PropagationContext context, CompletableFuture<Long> done) {}

  private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>(1_000);
  private final Thread thread = new Thread(this::loop, "reservation-worker");

  ReservationWorker() {
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a reservation in the current context; completes with the reservation id. */
  CompletableFuture<Long> reserve(String sku, int items) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    Message message =
        new Message(
            sku, items, PropagationContext.inject(OtelBridge.context(Span.current())), done);
    if (!queue.offer(message)) {
      done.completeExceptionally(new IllegalStateException("reservation queue full"));
    }
    return done;
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      Message message;
      try {
        message = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (message != null) {
        handle(message);
      }
    }
  }

  private void handle(Message message) {
    Span span =
        TRACER
            .infoSpan("reserve_stock")
            .field("otel.kind", "consumer")
            .field("sku", message.sku())
            .field("items", message.items())
            .start();
    OtelBridge.setParent(span, message.context().extract());
    long reservation;
    try (Scope s = span.enter()) {
      reservation = Math.abs((long) message.sku().hashCode() * 31 + message.items());
      // Through SLF4J, as application code usually logs: tracebridge-slf4j makes it an event of
      // reserve_stock, and the console line carries the span's trace_id and span_id.
      LOG.atInfo().addKeyValue("reservation_id", reservation).log("stock reserved");
    } catch (RuntimeException e) {
      span.recordError(e);
      span.close();
      message.done().completeExceptionally(e);
      return;
    }
    // The span ends before the waiting request is released, so it ends inside its parent (the
    // request's span), as the trace shows it; completing first let the parent end first.
    span.close();
    message.done().complete(reservation);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
