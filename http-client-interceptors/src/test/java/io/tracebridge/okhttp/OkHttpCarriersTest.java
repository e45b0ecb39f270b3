package io.tracebridge.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.tracebridge.propagation.TracebridgePropagators;
import okhttp3.Headers;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class OkHttpCarriersTest {
  private static final TextMapPropagator ALL =
      TracebridgePropagators.fromList("tracecontext,baggage,b3multi");
  private static final Context CTX =
      Context.root()
          .with(
              Span.wrap(
                  SpanContext.create(
                      "4bf92f3577b34da6a3ce929d0e0e4736",
                      "00f067aa0ba902b7",
                      TraceFlags.getSampled(),
                      TraceState.getDefault())));

  @Test
  void injectIntoARequestBuilderReplacesExistingHeadersAndExtractReadsThemBack() {
    Request.Builder builder =
        new Request.Builder()
            .url("http://example.test/")
            .header("traceparent", "00-11111111111111111111111111111111-1111111111111111-00");

    ALL.inject(CTX, builder, OkHttpCarriers.requestSetter());
    Request request = builder.build();

    assertThat(request.headers().values("traceparent")).hasSize(1);
    Context read = ALL.extract(Context.root(), request.headers(), OkHttpCarriers.headersGetter());
    assertThat(Span.fromContext(read).getSpanContext().getTraceId())
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void getterIgnoresCaseAndReturnsEveryValue() {
    Headers headers = new Headers.Builder().add("Baggage", "a=1").add("baggage", "b=2").build();

    assertThat(OkHttpCarriers.headersGetter().getAll(headers, "BAGGAGE"))
        .toIterable()
        .containsExactly("a=1", "b=2");
    assertThat(OkHttpCarriers.headersGetter().keys(headers)).contains("Baggage");
    assertThat(OkHttpCarriers.headersGetter().get(null, "x")).isNull();
  }

  @Test
  void aValueOkHttpRejectsIsLeftOutInsteadOfThrowing() {
    Request.Builder builder = new Request.Builder().url("http://example.test/");

    OkHttpCarriers.requestSetter().set(builder, "x-bad", "caf\u00e9\n");
    OkHttpCarriers.requestSetter().set(builder, "bad name", "x");

    assertThat(builder.build().headers().size()).isZero();
  }
}
