package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanCodecTest {
  /** Spans with every field the OTLP exporter sends, made by the real SDK. */
  private static List<SpanData> richSpans() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), "checkout"),
                    "https://opentelemetry.io/schemas/1.24.0"))
            .addSpanProcessor(SimpleSpanProcessor.create(memory))
            .build();
    Tracer tracer =
        provider
            .tracerBuilder("io.tracebridge.test")
            .setInstrumentationVersion("1.2.3")
            .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
            .build();
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "opaque=1").put("rojo", "00f067aa").build());
    Span span =
        tracer
            .spanBuilder("reserve stock ✓")
            .setSpanKind(SpanKind.SERVER)
            .setParent(Context.root().with(Span.wrap(remote)))
            .addLink(remote, Attributes.of(AttributeKey.longKey("link.n"), 7L))
            .startSpan();
    span.setAttribute("s", "ünïcode " + "x".repeat(70_000));
    span.setAttribute("b", true);
    span.setAttribute("l", 42L);
    span.setAttribute("d", 2.5);
    span.setAttribute(AttributeKey.stringArrayKey("sa"), List.of("a", "b"));
    span.setAttribute(AttributeKey.booleanArrayKey("ba"), List.of(true, false));
    span.setAttribute(AttributeKey.longArrayKey("la"), List.of(1L, 2L));
    span.setAttribute(AttributeKey.doubleArrayKey("da"), List.of(0.5, 1.5));
    span.setAttribute(
        AttributeKey.valueKey("v"),
        Value.of(
            KeyValue.of("bytes", Value.of(new byte[] {1, 2, 3})),
            KeyValue.of("list", Value.of(Value.of("x"), Value.of(3L), Value.of(false)))));
    span.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
    span.recordException(new IllegalStateException("out of stock"));
    span.setStatus(StatusCode.ERROR, "out of stock");
    span.end();
    tracer.spanBuilder("child").setParent(Context.root().with(span)).startSpan().end();
    List<SpanData> spans = memory.getFinishedSpanItems(); // before close(), which empties it
    provider.close();
    return spans;
  }

  private static byte[] otlp(List<SpanData> spans) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(spans).writeBinaryTo(out);
    return out.toByteArray();
  }

  @Test
  void aBatchReadBackExportsAsTheSameOtlpBytesAsTheSdksOwnSpans() throws IOException {
    List<SpanData> spans = richSpans();

    List<SpanData> readBack = SpanCodec.decode(SpanCodec.encode(spans));

    assertThat(readBack).hasSize(2);
    for (int i = 0; i < spans.size(); i++) {
      assertSameSpan(readBack.get(i), spans.get(i));
    }
    // What the collector receives: the same OTLP bytes, once attribute order is set aside (the
    // SDK's live span keeps insertion order, Attributes sort by key).
    assertThat(otlp(readBack)).isEqualTo(otlp(SpanCodec.decode(SpanCodec.encode(readBack))));
    assertThat(otlp(readBack)).hasSameSizeAs(otlp(spans));
    assertThat(readBack.get(0).getParentSpanContext().isRemote()).isTrue();
    assertThat(readBack.get(0).getInstrumentationScopeInfo())
        .isEqualTo(spans.get(0).getInstrumentationScopeInfo());
  }

  private static void assertSameSpan(SpanData actual, SpanData expected) {
    assertThat(actual.getName()).isEqualTo(expected.getName());
    assertThat(actual.getKind()).isEqualTo(expected.getKind());
    assertThat(actual.getSpanContext()).isEqualTo(expected.getSpanContext());
    assertThat(actual.getParentSpanContext()).isEqualTo(expected.getParentSpanContext());
    assertThat(actual.getStatus()).isEqualTo(expected.getStatus());
    assertThat(actual.getStartEpochNanos()).isEqualTo(expected.getStartEpochNanos());
    assertThat(actual.getEndEpochNanos()).isEqualTo(expected.getEndEpochNanos());
    assertThat(actual.hasEnded()).isEqualTo(expected.hasEnded());
    assertThat(actual.getAttributes().asMap()).isEqualTo(expected.getAttributes().asMap());
    assertThat(actual.getTotalAttributeCount()).isEqualTo(expected.getTotalAttributeCount());
    assertThat(actual.getEvents()).hasSameSizeAs(expected.getEvents());
    for (int e = 0; e < expected.getEvents().size(); e++) {
      var a = actual.getEvents().get(e);
      var x = expected.getEvents().get(e);
      assertThat(a.getName()).isEqualTo(x.getName());
      assertThat(a.getEpochNanos()).isEqualTo(x.getEpochNanos());
      assertThat(a.getAttributes().asMap()).isEqualTo(x.getAttributes().asMap());
      assertThat(a.getTotalAttributeCount()).isEqualTo(x.getTotalAttributeCount());
    }
    assertThat(actual.getTotalRecordedEvents()).isEqualTo(expected.getTotalRecordedEvents());
    assertThat(actual.getLinks()).hasSameSizeAs(expected.getLinks());
    for (int l = 0; l < expected.getLinks().size(); l++) {
      var a = actual.getLinks().get(l);
      var x = expected.getLinks().get(l);
      assertThat(a.getSpanContext()).isEqualTo(x.getSpanContext());
      assertThat(a.getAttributes().asMap()).isEqualTo(x.getAttributes().asMap());
      assertThat(a.getTotalAttributeCount()).isEqualTo(x.getTotalAttributeCount());
    }
    assertThat(actual.getTotalRecordedLinks()).isEqualTo(expected.getTotalRecordedLinks());
    assertThat(actual.getResource()).isEqualTo(expected.getResource());
    assertThat(actual.getInstrumentationScopeInfo())
        .isEqualTo(expected.getInstrumentationScopeInfo());
  }

  @Test
  void theResourceAndScopeSharedByABatchAreWrittenOnce() {
    List<SpanData> one = richSpans().subList(1, 2);
    List<SpanData> twice = List.of(one.get(0), one.get(0));

    int single = SpanCodec.encode(one).length;
    int both = SpanCodec.encode(twice).length;

    // The second span costs its own fields and two back-references, not the resource again.
    int resourceBytes = "service.name".length() + "checkout".length();
    assertThat(both - single).isLessThanOrEqualTo(single - resourceBytes);
  }

  @Test
  void aTruncatedBatchIsAnIoExceptionAtEveryLength() {
    byte[] whole = SpanCodec.encode(richSpans().subList(1, 2));
    for (int length = 0; length < whole.length; length++) {
      byte[] torn = java.util.Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> SpanCodec.decode(torn)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void flippedBytesNeverThrowAnythingButAnIoException() {
    byte[] whole = SpanCodec.encode(richSpans().subList(1, 2));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      byte[] corrupt = whole.clone();
      corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
      try {
        SpanCodec.decode(corrupt);
      } catch (IOException expected) {
        // skipped and counted by the spool
      }
    }
  }
}
