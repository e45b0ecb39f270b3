package io.tracebridge.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated headers for every propagator: no exception, the original context on invalid
 * input, never a half-parsed context, limits hold, and whatever is injected stays inside the
 * format's grammar (printable ASCII, no CR or LF). A bounded number of tries per property runs in
 * every build.
 */
class HostileInputPropertiesTest {
  private static final ContextKey<String> MARKER = ContextKey.named("marker");
  private static final Context ORIGINAL = Context.root().with(MARKER, "original");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private static final List<TextMapPropagator> ALL =
      List.of(
          TraceContextPropagator.getInstance(),
          BaggagePropagator.getInstance(),
          B3Propagator.single(),
          B3Propagator.multi(),
          JaegerPropagator.getInstance());

  private static final List<String> HEADERS =
      List.of(
          "traceparent",
          "tracestate",
          "baggage",
          "b3",
          "x-b3-traceid",
          "x-b3-spanid",
          "x-b3-sampled",
          "x-b3-flags",
          "uber-trace-id",
          "uberctx-user");

  @Provide
  Arbitrary<Map<String, List<String>>> hostileCarriers() {
    return Arbitraries.maps(
            Arbitraries.of(HEADERS), Generators.hostile().list().ofMinSize(1).ofMaxSize(3))
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> mutatedCarriers() {
    return Arbitraries.oneOf(
        Generators.mutated("00-" + TRACE + "-" + SPAN + "-01")
            .map(v -> Map.of("traceparent", List.of(v))),
        Generators.mutated("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
            .map(
                v ->
                    Map.of(
                        "traceparent",
                        List.of("00-" + TRACE + "-" + SPAN + "-01"),
                        "tracestate",
                        List.of(v))),
        Generators.mutated("userId=alice,serverNode=DF%2028;p=1")
            .map(v -> Map.of("baggage", List.of(v))),
        Generators.mutated(TRACE + "-" + SPAN + "-1-05e3ac9a4f6e3b90")
            .map(v -> Map.of("b3", List.of(v))),
        Generators.mutated(TRACE + ":" + SPAN + ":0:1")
            .map(v -> Map.of("uber-trace-id", List.of(v))));
  }

  @Property(tries = 1000)
  void randomHeadersNeverThrowAndNeverYieldAHalfParsedContext(
      @ForAll("hostileCarriers") Map<String, List<String>> carrier) {
    for (TextMapPropagator p : ALL) {
      checkExtract(p, carrier);
    }
  }

  @Property(tries = 1000)
  void mutatedValidHeadersNeverThrowAndNeverYieldAHalfParsedContext(
      @ForAll("mutatedCarriers") Map<String, List<String>> carrier) {
    for (TextMapPropagator p : ALL) {
      checkExtract(p, carrier);
    }
  }

  private static void checkExtract(TextMapPropagator p, Map<String, List<String>> carrier) {
    Context result = p.extract(ORIGINAL, carrier, MapCarrier.multiGetter());
    assertThat(result.get(MARKER)).isEqualTo("original");
    SpanContext sc = Carriers.spanContext(result);
    if (result == ORIGINAL) {
      return;
    }
    if (sc.isValid()) {
      assertThat(sc.getTraceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(sc.getSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
      assertThat(sc.getTraceState().size()).isLessThanOrEqualTo(32);
      sc.getTraceState()
          .forEach(
              (k, v) -> {
                assertThat(TraceContextPropagator.isValidKey(k)).as(k).isTrue();
                assertThat(TraceContextPropagator.isValidValue(v)).as(v).isTrue();
              });
    }
    Baggage baggage = Baggage.fromContext(result);
    assertThat(baggage.size()).isLessThanOrEqualTo(64);
    baggage.forEach((k, e) -> assertThat(Grammar.isToken(k)).as(k).isTrue());
    // Something was extracted: re-injecting it must be grammatical too.
    checkInjected(p, result);
  }

  @Provide
  Arbitrary<Context> anyContexts() {
    Arbitrary<String> junk = Arbitraries.strings().all().ofMaxLength(30);
    Arbitrary<Baggage> baggage =
        net.jqwik.api.Combinators.combine(junk, junk, junk)
            .as(
                (k, v, m) ->
                    Baggage.builder()
                        .put(k.isEmpty() ? "k" : k, v, BaggageEntryMetadata.create(m))
                        .put("ok", v)
                        .build());
    return net.jqwik.api.Combinators.combine(Generators.spanContexts(), baggage)
        .as((c, b) -> c.with(b));
  }

  @Property(tries = 1000)
  void injectOutputStaysInsideTheGrammarWhateverTheContextHolds(
      @ForAll("anyContexts") Context ctx) {
    for (TextMapPropagator p : ALL) {
      checkInjected(p, ctx);
    }
  }

  @Provide
  Arbitrary<Context> hostileValueContexts() {
    Arbitrary<String> hostile =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("\r\n,;=\u00e9\u4e2d\u0000 %a\t\"\\").ofMaxLength(64),
            Arbitraries.strings()
                .withChars("\r\n,;=\u00e9 a")
                .ofMinLength(10 * 1024 - 16)
                .ofMaxLength(10 * 1024),
            Arbitraries.strings().all().ofMaxLength(200));
    Arbitrary<Baggage> baggage =
        hostile
            .list()
            .ofMinSize(1)
            .ofMaxSize(8)
            .flatMap(
                values ->
                    hostile.map(
                        metadata -> {
                          var builder = Baggage.builder();
                          for (int i = 0; i < values.size(); i++) {
                            builder.put(
                                i % 2 == 0 ? "k" + i : values.get(i),
                                values.get(i),
                                BaggageEntryMetadata.create(metadata));
                          }
                          return builder.build();
                        }));
    return net.jqwik.api.Combinators.combine(Generators.spanContexts(), baggage)
        .as((c, b) -> c.with(b));
  }

  @Property(tries = 1000)
  void injectWithCrLfCommasSemicolonsEqualsNonAsciiAndTenKibValuesStaysInsideTheGrammar(
      @ForAll("hostileValueContexts") Context ctx) {
    for (TextMapPropagator p : ALL) {
      checkInjected(p, ctx);
    }
  }

  private static void checkInjected(TextMapPropagator p, Context ctx) {
    Map<String, String> out = Carriers.inject(p, ctx);
    out.forEach(
        (name, value) -> {
          assertThat(Grammar.isToken(name)).as("header name %s", name).isTrue();
          assertThat(value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e))
              .as("%s: %s", name, value)
              .isTrue();
        });
    if (out.containsKey("traceparent")) {
      assertThat(out.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");
    }
    if (out.containsKey("tracestate")) {
      assertThat(out.get("tracestate").length()).isLessThanOrEqualTo(512);
    }
    if (out.containsKey("baggage")) {
      String header = out.get("baggage");
      assertThat(header.length()).isLessThanOrEqualTo(8192);
      // Everything we write reads back in full.
      assertThat(
              Baggage.fromContext(
                      BaggagePropagator.getInstance()
                          .extract(Context.root(), Map.of("baggage", header), MapCarrier.getter()))
                  .size())
          .isEqualTo(header.split(",").length);
    }
  }
}
