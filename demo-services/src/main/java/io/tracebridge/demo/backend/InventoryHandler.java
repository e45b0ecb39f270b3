package io.tracebridge.demo.backend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.api.baggage.Baggage;
import io.tracebridge.Tracer;
import io.tracebridge.demo.Http;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /inventory?sku=&items=}: checks stock in a local span, then reserves it through the
 * worker queue. The item count 13 fails on purpose (an exception recorded on the span, then a 500).
 */
final class InventoryHandler implements HttpHandler {
  private static final Tracer TRACER = Tracer.forClass(InventoryHandler.class);
  static final int CURSED_ITEMS = 13;

  private final ReservationWorker worker;

  InventoryHandler(ReservationWorker worker) {
    this.worker = worker;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> query = Http.query(exchange);
    String sku = query.getOrDefault("sku", "unknown");
    int items = Http.intParam(query, "items", 1);
    try {
      // The frontend sends the user as baggage (internal hosts only): it tags the stock check.
      String user = Baggage.current().getEntryValue("user.id");
      TRACER
          .infoSpan("check_stock")
          .field("sku", sku)
          .field("items", items)
          .field("user", user == null ? "unknown" : user)
          .run(
              () -> {
                TRACER.atDebug().field("warehouse", "eu-1").log("looking up stock");
                if (items == CURSED_ITEMS) {
                  throw new IllegalStateException("item count 13 is not stocked");
                }
                TRACER
                    .atInfo()
                    .field("in_stock", true)
                    .field("available", 100 - items)
                    .log("stock checked");
              });
      long reservation = worker.reserve(sku, items).get(2, TimeUnit.SECONDS);
      Http.json(exchange, 200, "{\"sku\":\"" + sku + "\",\"reservation\":" + reservation + "}");
    } catch (Exception e) {
      TRACER.atError().error(e).log("reservation failed");
      Http.json(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }
}
