package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.instrument.Instrument;
import io.tracebridge.instrument.Instrumented;
import org.junit.jupiter.api.Test;

/** How {@code @Instrument} proxy spans export, from docs/core.md. */
class InstrumentedSpansTest {
  /** The instrumented service. */
  public interface Orders {
    /** Places an order, failing on a negative quantity. */
    @Instrument(err = true)
    int place(String sku, int quantity);

    /** Calls {@link #place} through the instrumented proxy. */
    @Instrument(err = true)
    int placeTwice(String sku, int quantity);
  }

  private final OtelFixture otel = new OtelFixture();

  private Orders orders() {
    Orders[] self = new Orders[1];
    self[0] =
        Instrumented.proxy(
            Orders.class,
            new Orders() {
              @Override
              public int place(String sku, int quantity) {
                if (quantity < 0) {
                  throw new IllegalArgumentException("negative quantity " + quantity);
                }
                return quantity;
              }

              @Override
              public int placeTwice(String sku, int quantity) {
                return self[0].place(sku, quantity) + self[0].place(sku, quantity);
              }
            });
    return self[0];
  }

  @Test
  void aFailureIsRecordedOncePerSpanAsOneExceptionEvent() {
    Orders orders = orders();
    otel.run(
        () ->
            assertThatThrownBy(() -> orders.placeTwice("A-1", -1))
                .isInstanceOf(IllegalArgumentException.class));

    for (String name : new String[] {"place", "placeTwice"}) {
      SpanData span = otel.span(name);
      assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("exception");
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(
              span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
          .isEqualTo(IllegalArgumentException.class.getName());
    }
  }

  @Test
  void theCodeFunctionIsTheInstrumentedMethodAndNoCallerLineIsGiven() {
    Orders orders = orders();
    otel.run(() -> orders.place("A-1", 1));

    Attributes attributes = otel.span("place").getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("code.function.name")))
        .isEqualTo(Orders.class.getName() + ".place");
    assertThat(attributes.get(AttributeKey.longKey("code.line.number"))).isNull();
    assertThat(attributes.get(AttributeKey.stringKey("code.file.path"))).isNull();
  }
}
