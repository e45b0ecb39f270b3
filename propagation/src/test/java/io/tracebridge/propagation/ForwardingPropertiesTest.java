package io.tracebridge.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Forwarding is lossless, for every format: for every valid input, extract then inject gives back
 * what came in (ids, sampled, debug, deferred, tracestate after the specification's truncation,
 * baggage), and inject then extract gives back what was injected. The generators produce the edge
 * cases on purpose: B3 debug and deferred, Jaeger debug, Level 2 tracestate keys, repeated keys,
 * several headers, percent-escapes and octets that are not UTF-8.
 */
class ForwardingPropertiesTest {
  private static final TextMapPropagator W3C = TraceContextPropagator.getInstance();
  private static final TextMapPropagator BAGGAGE = BaggagePropagator.getInstance();
  private static final TextMapPropagator JAEGER = JaegerPropagator.getInstance();

  /**
   * Extracts {@code headers} (name, then its values), injects the result, and returns what went
   * out.
   */
  private static Map<String, String> forward(
      TextMapPropagator p, Map<String, List<String>> headers) {
    Context in = p.extract(Context.root(), headers, MapCarrier.multiGetter());
    Map<String, String> out = new TreeMap<>();
    p.inject(in, out, MapCarrier.setter());
    return out;
  }

  private static Map<String, List<String>> single(String... namesAndValues) {
    return Carriers.headers(namesAndValues);
  }

  // --- W3C Trace Context ---------------------------------------------------------------------

  /** Level 2 keys: a letter or digit, then up to 255 of {@code a-z 0-9 _ - * / @}. */
  @Provide
  Arbitrary<String> level2Keys() {
    Arbitrary<Character> first =
        Arbitraries.chars().with("abcdefghijklmnopqrstuvwxyz0123456789".toCharArray());
    Arbitrary<String> rest =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz0123456789_-*/@")
                .ofMaxLength(12),
            Arbitraries.strings()
                .withChars("ab@")
                .ofMinLength(200)
                .ofMaxLength(255)); // near the limit
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  /** Values: printable ASCII without {@code ,} and {@code =}, not ending in a space. */
  @Provide
  Arbitrary<String> stateValues() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .ofMinLength(1)
        .ofMaxLength(20)
        .map(v -> v.replace(",", "").replace("=", "").stripTrailing())
        .filter(v -> !v.isEmpty() && v.charAt(0) != ' ');
  }

  /** A tracestate as members, with repeated keys now and then. */
  @Provide
  Arbitrary<List<String>> stateMembers() {
    Arbitrary<String> member =
        Combinators.combine(level2Keys(), stateValues()).as((k, v) -> k + "=" + v);
    return member
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .flatMap(
            members ->
                Arbitraries.integers()
                    .between(0, members.size() - 1)
                    .list()
                    .ofMaxSize(2)
                    .map(
                        repeats -> {
                          List<String> withRepeats = new ArrayList<>(members);
                          for (int i :
                              repeats) { // the same key again, with another value, later in the
                            // header
                            String key = members.get(i).substring(0, members.get(i).indexOf('='));
                            withRepeats.add(key + "=again" + i);
                          }
                          return withRepeats;
                        }));
  }

  /**
   * What the specification says goes out: the first member of each key, then whole-entry
   * truncation.
   */
  private static String expectedTraceState(List<String> members) {
    Map<String, String> firstOfEach = new LinkedHashMap<>();
    for (String m : members) {
      firstOfEach.putIfAbsent(m.substring(0, m.indexOf('=')), m);
    }
    List<String> entries = new ArrayList<>(firstOfEach.values());
    while (String.join(",", entries).length() > 512) {
      int victim = entries.size() - 1;
      for (int i = entries.size() - 1; i >= 0; i--) {
        if (entries.get(i).length() > 128) {
          victim = i;
          break;
        }
      }
      entries.remove(victim);
    }
    return String.join(",", entries);
  }

  @Property(tries = 500)
  void traceContextGoesOutAsItCameInSplitAcrossHeadersWithRepeatsAndLevel2Keys(
      @ForAll("traceIds") String trace,
      @ForAll("spanIds") String span,
      @ForAll("w3cFlags") String flags,
      @ForAll("stateMembers") List<String> members,
      @ForAll("splits") int split) {
    String traceparent = "00-" + trace + "-" + span + "-" + flags;
    int at = Math.min(split, members.size());
    String first = String.join(",", members.subList(0, at));
    String second = " ,\t" + String.join(" , ", members.subList(at, members.size())) + " ";

    Map<String, String> out =
        forward(W3C, single("traceparent", traceparent, "tracestate", first, "tracestate", second));

    assertThat(out.get("traceparent")).isEqualTo(traceparent);
    String expected = expectedTraceState(members);
    assertThat(out.getOrDefault("tracestate", "")).isEqualTo(expected);
    // and a second hop changes nothing
    assertThat(forward(W3C, single("traceparent", traceparent, "tracestate", expected)))
        .isEqualTo(out);
  }

  @Provide
  Arbitrary<String> traceIds() {
    return Generators.hex(32);
  }

  @Provide
  Arbitrary<String> spanIds() {
    return Generators.hex(16);
  }

  @Provide
  Arbitrary<String> w3cFlags() {
    return Arbitraries.of("00", "01", "02", "03");
  }

  @Provide
  Arbitrary<Integer> splits() {
    return Arbitraries.integers().between(0, 10);
  }

  // --- B3 ----------------------------------------------------------------------------------

  /** B3's sampling states as the single header writes them: accept, deny, debug, deferred. */
  @Provide
  Arbitrary<String> b3States() {
    return Arbitraries.of("1", "0", "d", "");
  }

  @Property(tries = 300)
  void b3SingleGoesOutAsItCameInWhateverItsSamplingState(
      @ForAll("traceIds") String trace,
      @ForAll("spanIds") String span,
      @ForAll("b3States") String state) {
    String b3 = trace + "-" + span + (state.isEmpty() ? "" : "-" + state);

    assertThat(forward(B3Propagator.single(), single("b3", b3)))
        .containsExactly(Map.entry("b3", b3));
  }

  @Property(tries = 300)
  void b3MultiGoesOutAsItCameInWhateverItsSamplingState(
      @ForAll("traceIds") String trace,
      @ForAll("spanIds") String span,
      @ForAll("b3States") String state) {
    Map<String, String> in = new TreeMap<>(Map.of("x-b3-traceid", trace, "x-b3-spanid", span));
    if (state.equals("d")) {
      in.put("x-b3-flags", "1");
    } else if (!state.isEmpty()) {
      in.put("x-b3-sampled", state);
    }
    List<String> flat = new ArrayList<>();
    in.forEach(
        (k, v) -> {
          flat.add(k);
          flat.add(v);
        });

    assertThat(forward(B3Propagator.multi(), single(flat.toArray(String[]::new)))).isEqualTo(in);
  }

  @Property(tries = 300)
  void b3DebugAndDeferredSurviveACrossEncodingHop(
      @ForAll("traceIds") String trace,
      @ForAll("spanIds") String span,
      @ForAll("b3States") String state) {
    String b3 = trace + "-" + span + (state.isEmpty() ? "" : "-" + state);
    Context in =
        B3Propagator.single().extract(Context.root(), single("b3", b3), MapCarrier.multiGetter());
    Map<String, String> multi = Carriers.inject(B3Propagator.multi(), in);
    Context back =
        B3Propagator.multi()
            .extract(Context.root(), Carriers.headers(flatten(multi)), MapCarrier.multiGetter());

    assertThat(Carriers.inject(B3Propagator.single(), back)).containsExactly(Map.entry("b3", b3));
  }

  private static String[] flatten(Map<String, String> headers) {
    List<String> flat = new ArrayList<>();
    headers.forEach(
        (k, v) -> {
          flat.add(k);
          flat.add(v);
        });
    return flat.toArray(String[]::new);
  }

  // --- Jaeger ------------------------------------------------------------------------------

  /** Baggage values with spaces, plus signs, percent signs, non-ASCII and emoji. */
  @Provide
  Arbitrary<String> jaegerValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab +%/:é€").ofMinLength(1).ofMaxLength(12),
        Arbitraries.strings()
            .alpha()
            .numeric()
            .ofMinLength(1)
            .ofMaxLength(8)
            .map(s -> s + " \uD83D\uDE00"));
  }

  @Property(tries = 300)
  void jaegerGoesOutAsItCameInWithDebugAndBaggage(
      @ForAll("traceIds") String trace,
      @ForAll("spanIds") String span,
      @ForAll("jaegerFlags") String flags,
      @ForAll("jaegerValues") String value) {
    String id = trace + ":" + span + ":0:" + flags;
    String encoded = JaegerPropagator.encode(value);

    Map<String, String> out = forward(JAEGER, single("uber-trace-id", id, "uberctx-note", encoded));

    assertThat(out)
        .containsExactly(Map.entry("uber-trace-id", id), Map.entry("uberctx-note", encoded));
    assertThat(
            Baggage.fromContext(
                    Carriers.extract(JAEGER, "uber-trace-id", id, "uberctx-note", encoded))
                .getEntryValue("note"))
        .isEqualTo(value);
  }

  @Provide
  Arbitrary<String> jaegerFlags() {
    return Arbitraries.of("0", "1", "3");
  }

  // --- W3C Baggage -------------------------------------------------------------------------

  /**
   * Baggage member values as they may arrive: plain, percent-escaped UTF-8, and octets that are not
   * UTF-8.
   */
  @Provide
  Arbitrary<String> wireValues() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcXYZ019!#$&'()*+-./:<>?@[]^_`{|}~").ofMaxLength(10),
        Arbitraries.strings()
            .withChars("aé€ \"\\,;")
            .ofMinLength(1)
            .ofMaxLength(6)
            .map(
                v -> {
                  StringBuilder out = new StringBuilder();
                  BaggagePropagator.percentEncode(v, out);
                  return out.toString();
                }),
        Arbitraries.of("%FF", "a%C3", "%E2%82", "x%80y"));
  }

  @Property(tries = 500)
  void baggageGoesOutAsItCameInAcrossHeadersAndBadUtf8IsReplacedNotLost(
      @ForAll("baggageKeys") List<String> keys,
      @ForAll("wireValues") String value,
      @ForAll("splits") int split) {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      members.add(keys.get(i) + "=" + value + (i % 2 == 0 ? "" : ";prop=" + i));
    }
    int at = Math.min(split, members.size());
    Map<String, List<String>> headers =
        single(
            "baggage",
            String.join(",", members.subList(0, at)),
            "baggage",
            String.join(" , ", members.subList(at, members.size())));

    Baggage first =
        Baggage.fromContext(BAGGAGE.extract(Context.root(), headers, MapCarrier.multiGetter()));
    Map<String, String> out = forward(BAGGAGE, headers);
    Baggage second = Baggage.fromContext(Carriers.extract(BAGGAGE, "baggage", out.get("baggage")));

    assertThat(first.size()).isEqualTo(keys.size()); // nothing valid was lost, bad UTF-8 included
    assertThat(second.asMap()).isEqualTo(first.asMap());
    assertThat(new LinkedHashSet<>(List.of(out.get("baggage").split(","))))
        .isEqualTo(
            new LinkedHashSet<>(
                List.of(
                    forward(BAGGAGE, single("baggage", out.get("baggage")))
                        .get("baggage")
                        .split(","))));
  }

  @Provide
  Arbitrary<List<String>> baggageKeys() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .ofMinLength(1)
        .ofMaxLength(6)
        .list()
        .uniqueElements()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  // --- one way: inject then extract --------------------------------------------------------

  @Property(tries = 300)
  void whatIsInjectedIsExtractedInEveryFormat(@ForAll("contexts") Context ctx) {
    for (TextMapPropagator p : List.of(W3C, B3Propagator.single(), B3Propagator.multi(), JAEGER)) {
      Context back =
          p.extract(
              Context.root(),
              Carriers.headers(flatten(Carriers.inject(p, ctx))),
              MapCarrier.multiGetter());
      assertThat(Carriers.spanContext(back).getTraceId())
          .as("%s", p)
          .isEqualTo(Carriers.spanContext(ctx).getTraceId());
      assertThat(Carriers.spanContext(back).getSpanId())
          .as("%s", p)
          .isEqualTo(Carriers.spanContext(ctx).getSpanId());
      assertThat(Carriers.spanContext(back).isSampled())
          .as("%s", p)
          .isEqualTo(Carriers.spanContext(ctx).isSampled());
    }
    Context w3c =
        W3C.extract(
            Context.root(),
            Carriers.headers(flatten(Carriers.inject(W3C, ctx))),
            MapCarrier.multiGetter());
    assertThat(Carriers.spanContext(w3c).getTraceState())
        .isEqualTo(Carriers.spanContext(ctx).getTraceState());
    Context bag =
        BAGGAGE.extract(
            Context.root(),
            Carriers.headers(flatten(Carriers.inject(BAGGAGE, ctx))),
            MapCarrier.multiGetter());
    assertThat(Baggage.fromContext(bag).asMap()).isEqualTo(Baggage.fromContext(ctx).asMap());
  }

  @Provide
  Arbitrary<Context> contexts() {
    return Combinators.combine(Generators.spanContexts(), Generators.baggages())
        .as((span, baggage) -> span.with(baggage));
  }
}
