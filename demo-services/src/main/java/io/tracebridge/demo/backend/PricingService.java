package io.tracebridge.demo.backend;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tracebridge.Tracer;
import io.tracebridge.demo.pricing.PricingGrpc;
import io.tracebridge.demo.pricing.QuoteReply;
import io.tracebridge.demo.pricing.QuoteRequest;

/** {@code Pricing/Quote}: user 0 does not exist and gets NOT_FOUND, on purpose. */
final class PricingService extends PricingGrpc.PricingImplBase {
  private static final Tracer TRACER = Tracer.forClass(PricingService.class);
  static final long UNIT_CENTS = 1999;

  @Override
  public void quote(QuoteRequest request, StreamObserver<QuoteReply> out) {
    if (request.getUser() == 0) {
      TRACER.atWarn().field("user", request.getUser()).log("unknown user");
      out.onError(Status.NOT_FOUND.withDescription("user 0 does not exist").asRuntimeException());
      return;
    }
    long cents =
        TRACER
            .infoSpan("price_rules")
            .field("items", request.getItems())
            .get(
                () -> {
                  long total = request.getItems() * UNIT_CENTS;
                  TRACER
                      .atInfo()
                      .field("unit_cents", UNIT_CENTS)
                      .field("total_cents", total)
                      .log("priced");
                  return total;
                });
    out.onNext(QuoteReply.newBuilder().setCents(cents).setCurrency("EUR").build());
    out.onCompleted();
  }
}
