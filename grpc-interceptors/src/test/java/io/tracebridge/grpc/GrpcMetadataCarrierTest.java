package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.tracebridge.propagation.TracebridgePropagators;
import org.junit.jupiter.api.Test;

class GrpcMetadataCarrierTest {
  private static final TextMapPropagator ALL =
      TracebridgePropagators.fromList("tracecontext,baggage,b3multi,jaeger");
  private static final Context CTX =
      Context.root()
          .with(
              Span.wrap(
                  SpanContext.create(
                      "4bf92f3577b34da6a3ce929d0e0e4736",
                      "00f067aa0ba902b7",
                      TraceFlags.getSampled(),
                      TraceState.getDefault())))
          .with(Baggage.builder().put("user", "alice").build());

  private static Metadata.Key<String> ascii(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  @Test
  void injectReplacesExistingValuesAndEveryFormatRoundTrips() {
    Metadata md = new Metadata();
    md.put(ascii("traceparent"), "00-11111111111111111111111111111111-1111111111111111-00");
    md.put(ascii("traceparent"), "00-22222222222222222222222222222222-2222222222222222-00");

    ALL.inject(CTX, md, GrpcMetadataCarrier.setter());

    assertThat(md.getAll(ascii("traceparent"))).hasSize(1);
    Context read = ALL.extract(Context.root(), md, GrpcMetadataCarrier.getter());
    assertThat(Span.fromContext(read).getSpanContext().getTraceId())
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(Baggage.fromContext(read).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extractReadsEveryValueOfAKey() {
    Metadata md = new Metadata();
    md.put(ascii("baggage"), "a=1");
    md.put(ascii("baggage"), "b=2");

    assertThat(GrpcMetadataCarrier.getter().getAll(md, "Baggage"))
        .toIterable()
        .containsExactly("a=1", "b=2");
  }

  @Test
  void binaryAndPseudoHeaderKeysAreSkipped() {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("trace-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1});
    md.put(ascii("uberctx-user"), "alice");

    assertThat(GrpcMetadataCarrier.getter().keys(md)).containsExactly("uberctx-user");
    assertThat(GrpcMetadataCarrier.getter().get(md, "trace-bin")).isNull();
    assertThat(GrpcMetadataCarrier.getter().get(md, ":authority")).isNull();
    GrpcMetadataCarrier.setter().set(md, ":path", "/x");
    GrpcMetadataCarrier.setter().set(md, "x-bin", "x");
    GrpcMetadataCarrier.setter().set(md, "bad key", "x");
    assertThat(md.keys()).containsExactlyInAnyOrder("trace-bin", "uberctx-user");
  }

  @Test
  void aHundredRepeatedBaggageValuesOf8KbEachYieldAtMost64MembersAnd8192Bytes() {
    Metadata md = new Metadata();
    for (int h = 0; h < 100; h++) {
      StringBuilder value = new StringBuilder();
      for (int m = 0; value.length() < 8_000; m++) {
        value
            .append(value.length() == 0 ? "" : ",")
            .append("h")
            .append(h)
            .append("m")
            .append(m)
            .append("=")
            .append("v".repeat(20));
      }
      md.put(ascii("baggage"), value.toString());
    }
    for (int i = 0; i < 100; i++) {
      md.put(ascii("uberctx-k" + i), "w".repeat(4000));
    }

    Baggage b = Baggage.fromContext(ALL.extract(Context.root(), md, GrpcMetadataCarrier.getter()));

    // baggage and uberctx- each stay within W3C Baggage's limits, so together within twice them
    assertThat(b.size()).isLessThanOrEqualTo(2 * 64);
    int bytes =
        b.asMap().entrySet().stream()
            .mapToInt(e -> e.getKey().length() + 1 + e.getValue().getValue().length())
            .sum();
    assertThat(bytes).isLessThanOrEqualTo(2 * 8192 + 2 * 64);
    assertThat(b.getEntryValue("h0m0")).isEqualTo("v".repeat(20));
  }
}
