package io.tracebridge.demo.frontend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.demo.Http;
import io.tracebridge.demo.pricing.PricingGrpc;
import io.tracebridge.demo.pricing.QuoteRequest;
import io.tracebridge.otel.OtelBridge;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code GET /checkout?user=&items=}: validates the cart in a nested span, reserves stock from the
 * backend over HTTP, gets a price over gRPC, asks the exchange-rate partner (if one is configured)
 * for the EUR rate, applies discounts in an asynchronous {@code CompletableFuture} stage, and
 * answers JSON with the trace id. The user id travels to the backend as baggage ({@code user.id});
 * the outbound policy keeps it, and the trace headers, away from the partner.
 */
final class CheckoutHandler implements HttpHandler {
  private static final Tracer TRACER = Tracer.forClass(CheckoutHandler.class);

  private final Call.Factory http;
  private final HttpUrl backend;
  private final HttpUrl partner;
  private final PricingGrpc.PricingBlockingStub pricing;
  private final ExecutorService pool;

  CheckoutHandler(
      Call.Factory http,
      HttpUrl backend,
      HttpUrl partner,
      PricingGrpc.PricingBlockingStub pricing,
      ExecutorService pool) {
    this.http = http;
    this.backend = backend;
    this.partner = partner;
    this.pricing = pricing;
    this.pool = pool;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> query = Http.query(exchange);
    long user = Http.intParam(query, "user", 1);
    int items = Http.intParam(query, "items", 1);
    String traceId = OtelBridge.spanContext(Span.current()).getTraceId();
    Baggage baggage = Baggage.current().toBuilder().put("user.id", String.valueOf(user)).build();
    Span checkout = TRACER.infoSpan("checkout").field("user", user).field("items", items).start();
    Reply reply;
    try (Scope b = baggage.makeCurrent();
        var entered = checkout.enter()) {
      reply = checkout(user, items, traceId, checkout);
    } finally {
      checkout.close();
    }
    // Written after `checkout` closed: the server span ends as the response leaves (TracingFilter),
    // so a span still open while writing would end after its parent.
    Http.json(exchange, reply.status(), reply.json());
  }

  /** A response to write. */
  private record Reply(int status, String json) {}

  private Reply checkout(long user, int items, String traceId, Span checkout) throws IOException {
    try {
      TRACER
          .infoSpan("validate_cart")
          .field("items", items)
          .run(
              () -> {
                if (items <= 0) {
                  throw new IllegalArgumentException("empty cart");
                }
              });
    } catch (IllegalArgumentException e) {
      return new Reply(
          400, "{\"error\":\"" + e.getMessage() + "\",\"trace_id\":\"" + traceId + "\"}");
    }
    int reserved = reserve(items);
    if (reserved != 200) {
      TRACER.atError().field("backend_status", reserved).log("inventory failed");
      return new Reply(502, "{\"error\":\"inventory failed\",\"trace_id\":\"" + traceId + "\"}");
    }
    long cents;
    try {
      // The deadline is per call: a stub's withDeadlineAfter is an absolute time from when it is
      // made.
      cents =
          pricing
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .quote(QuoteRequest.newBuilder().setUser(user).setItems(items).build())
              .getCents();
    } catch (StatusRuntimeException e) {
      // Logged here, inside `checkout` (a catch around the try-with-resources would run after the
      // span
      // was exited, and the event would land on GET /checkout).
      TRACER.atWarn().field("grpc_status", e.getStatus().getCode().name()).log("pricing refused");
      int status = e.getStatus().getCode() == Status.Code.NOT_FOUND ? 404 : 502;
      return new Reply(
          status,
          "{\"error\":\"" + e.getStatus().getCode() + "\",\"trace_id\":\"" + traceId + "\"}");
    }
    String rate = partner == null ? null : eurRate();
    long total = TracedFuture.supplyAsync(checkout, () -> discounted(cents), pool).join();
    TRACER.atInfo().field("total_cents", total).log("checkout done");
    return new Reply(
        200,
        "{\"user\":"
            + user
            + ",\"items\":"
            + items
            + ",\"total_cents\":"
            + total
            + (rate == null ? "" : ",\"eur_rate\":\"" + rate + "\"")
            + ",\"trace_id\":\""
            + traceId
            + "\"}");
  }

  private int reserve(int items) throws IOException {
    HttpUrl url =
        backend
            .newBuilder()
            .addPathSegment("inventory")
            .addQueryParameter("sku", "sku-" + items)
            .addQueryParameter("items", String.valueOf(items))
            .build();
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      response
          .body()
          .string(); // read to the end: the client span (SpanEnd.BODY) covers the whole response
      return response.code();
    }
  }

  /**
   * The partner's EUR rate, or {@code null} if it does not answer 200: a checkout never fails for
   * it.
   */
  private String eurRate() {
    HttpUrl url =
        partner.newBuilder().addPathSegment("rates").addQueryParameter("currency", "EUR").build();
    try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      if (response.code() != 200 || response.body() == null) {
        TRACER.atWarn().field("partner_status", response.code()).log("no exchange rate");
        return null;
      }
      String body = response.body().string().trim();
      return body.matches("[0-9.]{1,16}") ? body : null;
    } catch (IOException e) {
      TRACER.atWarn().error(e).log("no exchange rate");
      return null;
    }
  }

  /** Runs on a pool thread, inside the checkout span, as an asynchronous stage. */
  private static long discounted(long cents) {
    return TRACER
        .infoSpan("apply_discounts")
        .field("cents", cents)
        .get(
            () -> {
              long discount = cents >= 5000 ? cents / 10 : 0;
              TRACER.atInfo().field("discount_cents", discount).log("discount applied");
              return cents - discount;
            });
  }
}
