package io.tracebridge.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteReply;
import io.tracebridge.grpc.testproto.QuoteRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The test service. Handlers record what they see as current, and make a child span. */
final class PricingService extends PricingGrpc.PricingImplBase {
  private static final Tracer TRACER = Tracer.named("app.pricing");

  /** Per sku: the local span name and the OpenTelemetry span id current in the handler. */
  final Map<String, String[]> seen = new ConcurrentHashMap<>();

  private void observe(String sku) {
    seen.put(
        sku,
        new String[] {
          Span.current().isNone() ? "none" : Span.current().data().name(),
          io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId()
        });
    TRACER.infoSpan("price_lookup").field("sku", sku).run(() -> {});
  }

  private static QuoteReply reply(QuoteRequest r) {
    return QuoteReply.newBuilder().setSku(r.getSku()).setCents(r.getQuantity() * 100L).build();
  }

  @Override
  public void quote(QuoteRequest request, StreamObserver<QuoteReply> out) {
    observe(request.getSku());
    if (request.getDelayMs() > 0) {
      try {
        Thread.sleep(request.getDelayMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (request.getSku().equals("throw")) {
      throw new IllegalStateException("handler bug");
    }
    if (!request.getFailWith().isEmpty()) {
      out.onError(
          Status.Code.valueOf(request.getFailWith())
              .toStatus()
              .withDescription("failing on purpose")
              .asRuntimeException());
      return;
    }
    out.onNext(reply(request));
    out.onCompleted();
  }

  @Override
  public void quoteStream(QuoteRequest request, StreamObserver<QuoteReply> out) {
    observe(request.getSku());
    for (int i = 0; i < request.getQuantity(); i++) {
      out.onNext(reply(request));
    }
    out.onCompleted();
  }

  @Override
  public StreamObserver<QuoteRequest> quoteBatch(StreamObserver<QuoteReply> out) {
    return new StreamObserver<>() {
      private long total;
      private String sku = "";

      @Override
      public void onNext(QuoteRequest r) {
        observe(r.getSku());
        sku = r.getSku();
        total += r.getQuantity() * 100L;
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onNext(QuoteReply.newBuilder().setSku(sku).setCents(total).build());
        out.onCompleted();
      }
    };
  }

  @Override
  public StreamObserver<QuoteRequest> quoteChat(StreamObserver<QuoteReply> out) {
    return new StreamObserver<>() {
      @Override
      public void onNext(QuoteRequest r) {
        observe(r.getSku());
        out.onNext(reply(r));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }
}
