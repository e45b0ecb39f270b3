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
  private static final TextMapPropagator ALL = TracebridgePropagators.fromList("tracecontext,baggage,b3multi,jaeger");
  private static final Context CTX =
      Context.root()
          .with(Span.wrap(SpanContext.create(
              "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault())))
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
    assertThat(Span.fromContext(read).getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(Baggage.fromContext(read).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void extractReadsEveryValueOfAKey() {
    Metadata md = new Metadata();
    md.put(ascii("baggage"), "a=1");
    md.put(ascii("baggage"), "b=2");

    assertThat(GrpcMetadataCarrier.getter().getAll(md, "Baggage")).toIterable().containsExactly("a=1", "b=2");
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
}
