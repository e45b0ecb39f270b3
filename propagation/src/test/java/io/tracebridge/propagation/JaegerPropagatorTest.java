package io.tracebridge.propagation;

import static io.tracebridge.propagation.Carriers.extract;
import static io.tracebridge.propagation.Carriers.inject;
import static io.tracebridge.propagation.Carriers.spanContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors written from Jaeger's client-library propagation format. */
class JaegerPropagatorTest {
  private static final JaegerPropagator JAEGER = JaegerPropagator.getInstance();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void uberTraceIdIsRead() {
    SpanContext sc = spanContext(extract(JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":0:1"));

    assertThat(sc.getTraceId()).isEqualTo(TRACE);
    assertThat(sc.getSpanId()).isEqualTo(SPAN);
    assertThat(sc.isSampled()).isTrue();
  }

  @Test
  void shortIdsArePaddedAndUrlEncodedHeadersAreDecoded() {
    SpanContext sc = spanContext(extract(JAEGER, "uber-trace-id", "abc%3A1f%3A0%3A3"));

    assertThat(sc.getTraceId()).isEqualTo("00000000000000000000000000000abc");
    assertThat(sc.getSpanId()).isEqualTo("000000000000001f");
    assertThat(sc.isSampled()).isTrue();
  }

  @Test
  void flagsBitOneIsSampledAndBitTwoDebugImpliesSampled() {
    assertThat(sampled("0")).isFalse();
    assertThat(sampled("1")).isTrue();
    assertThat(sampled("2")).isTrue();
    assertThat(sampled("4")).isFalse();
  }

  private static boolean sampled(String flags) {
    return spanContext(extract(JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":0:" + flags))
        .isSampled();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0:00f067aa0ba902b7:0:1", // zero trace id
        "4bf92f3577b34da6a3ce929d0e0e4736:0:0:1", // zero span id
        "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0", // three parts
        "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1:2", // five parts
        "14bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:1", // 33 digits
        "4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7:0:x", // bad flags
        "4BF92F3577B34DA6A3CE929D0E0E4736:00f067aa0ba902b7:0:1", // uppercase
        "%ZZ",
        ""
      })
  void invalidUberTraceIdReturnsTheOriginalContext(String header) {
    assertThat(spanContext(extract(JAEGER, "uber-trace-id", header)).isValid()).isFalse();
  }

  @Test
  void baggageHeadersMatchThePrefixInAnyCaseAndAreUrlDecoded() {
    Context ctx =
        extract(
            JAEGER,
            "uberctx-user",
            "alice",
            "Uberctx-Session-Id",
            "a%20b",
            "UBERCTX-x",
            "1",
            "uberctx-",
            "empty-key");

    Baggage b = Baggage.fromContext(ctx);
    assertThat(b.asMap().keySet()).containsExactlyInAnyOrder("user", "session-id", "x");
    assertThat(b.getEntryValue("session-id")).isEqualTo("a b");
  }

  @Test
  void injectWritesThe32DigitTraceIdAndOneHeaderPerBaggageEntry() {
    Context ctx =
        Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault())
            .with(Baggage.builder().put("user", "alice smith").put("bad key", "x").build());

    var headers = inject(JAEGER, ctx);

    assertThat(headers.get("uber-trace-id")).isEqualTo(TRACE + ":" + SPAN + ":0:1");
    assertThat(headers.get("uberctx-user")).isEqualTo("alice%20smith");
    assertThat(headers).doesNotContainKey("uberctx-bad key");
  }

  @Test
  void aSpaceInABaggageValueIsWrittenAsPercent20WhichEveryJaegerClientReadsAsASpace() {
    Context ctx =
        Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault())
            .with(Baggage.builder().put("note", "x y+z").build());

    var headers = inject(JAEGER, ctx);

    assertThat(headers.get("uberctx-note")).isEqualTo("x%20y%2Bz");
    assertThat(
            Baggage.fromContext(
                    extract(
                        JAEGER,
                        "uber-trace-id",
                        TRACE + ":" + SPAN + ":0:1",
                        "uberctx-note",
                        headers.get("uberctx-note")))
                .getEntryValue("note"))
        .isEqualTo("x y+z");
  }

  @Test
  void aDebugTraceIsForwardedAsDebugWithFlagsThree() {
    Context in = extract(JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":0:3");

    assertThat(inject(JAEGER, in).get("uber-trace-id")).isEqualTo(TRACE + ":" + SPAN + ":0:3");
    assertThat(
            inject(JAEGER, extract(JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":0:1"))
                .get("uber-trace-id"))
        .isEqualTo(TRACE + ":" + SPAN + ":0:1");
  }

  @Test
  void debugStaysWithItsTraceAndNeverLeaksIntoAnother() {
    Context in = extract(JAEGER, "uber-trace-id", TRACE + ":" + SPAN + ":0:3");
    String otherTrace = "11111111111111111111111111111111";
    Context other =
        in.with(
            io.opentelemetry.api.trace.Span.wrap(
                SpanContext.create(
                    otherTrace,
                    SPAN,
                    io.opentelemetry.api.trace.TraceFlags.getSampled(),
                    TraceState.getDefault())));

    assertThat(inject(JAEGER, other).get("uber-trace-id"))
        .isEqualTo(otherTrace + ":" + SPAN + ":0:1");
  }

  @Test
  void aHundredBaggageHeadersOf4KbEachYieldAtMost8192CharactersOfBaggage() {
    String[] headers = new String[202];
    headers[0] = "uber-trace-id";
    headers[1] = TRACE + ":" + SPAN + ":0:1";
    for (int i = 0; i < 100; i++) {
      headers[2 + 2 * i] = "uberctx-k" + i;
      headers[3 + 2 * i] = "v".repeat(4000);
    }

    Baggage b = Baggage.fromContext(extract(JAEGER, headers));

    int chars =
        b.asMap().entrySet().stream()
            .mapToInt(e -> e.getKey().length() + e.getValue().getValue().length())
            .sum();
    assertThat(chars).isLessThanOrEqualTo(8192);
    assertThat(b.size()).isEqualTo(2);
  }

  /** A getter as a lambda-style one is since OpenTelemetry 1.67: it lists no keys. */
  private static final class KeylessGetter
      implements io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>> {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return java.util.List.of();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }

  @Test
  void aGetterThatListsNoKeysGetsTheTraceWithoutBaggageAndOneWarningNamingIt() {
    Map<String, String> carrier =
        Map.of("uber-trace-id", TRACE + ":" + SPAN + ":0:1", "uberctx-user", "alice");
    java.util.List<java.util.logging.LogRecord> said = new java.util.ArrayList<>();
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(JaegerPropagator.class.getName());
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            said.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    Context first;
    try {
      first = JAEGER.extract(Context.root(), carrier, new KeylessGetter());
      JAEGER.extract(Context.root(), carrier, new KeylessGetter());
    } finally {
      logger.removeHandler(handler);
    }

    assertThat(spanContext(first).getTraceId()).isEqualTo(TRACE);
    assertThat(Baggage.fromContext(first).isEmpty()).isTrue();
    assertThat(said).hasSize(1);
    assertThat(said.get(0).getMessage())
        .contains(KeylessGetter.class.getName())
        .contains("implement TextMapGetter.keys()");
    // tracebridge's own carriers list their keys, so the same headers give the baggage
    assertThat(
            Baggage.fromContext(JAEGER.extract(Context.root(), carrier, MapCarrier.getter()))
                .getEntryValue("user"))
        .isEqualTo("alice");
  }
}
