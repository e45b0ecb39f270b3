package io.tracebridge.propagation;

import static io.tracebridge.propagation.Carriers.extract;
import static io.tracebridge.propagation.Carriers.inject;
import static io.tracebridge.propagation.Carriers.spanContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors written from the W3C Trace Context (Level 2) specification's rules. */
class TraceContextPropagatorTest {
  private static final TraceContextPropagator W3C = TraceContextPropagator.getInstance();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String VALID = "00-" + TRACE + "-" + SPAN + "-01";

  @Test
  void validVersion00HeaderGivesARemoteSampledParent() {
    SpanContext parent = spanContext(extract(W3C, "traceparent", VALID));

    assertThat(parent.isValid()).isTrue();
    assertThat(parent.isRemote()).isTrue();
    assertThat(parent.getTraceId()).isEqualTo(TRACE);
    assertThat(parent.getSpanId()).isEqualTo(SPAN);
    assertThat(parent.isSampled()).isTrue();
  }

  @Test
  void sampledAndLevel2RandomFlagsArePreservedAndReservedBitsDropped() {
    assertThat(flags("03")).isEqualTo(0x03);
    assertThat(flags("02")).isEqualTo(0x02);
    assertThat(flags("00")).isEqualTo(0x00);
    assertThat(flags("ff")).isEqualTo(0x03);
    assertThat(flags("fc")).isEqualTo(0x00);
    Context ctx = extract(W3C, "traceparent", "00-" + TRACE + "-" + SPAN + "-ff");
    assertThat(inject(W3C, ctx).get("traceparent")).isEqualTo("00-" + TRACE + "-" + SPAN + "-03");
  }

  private static int flags(String hex) {
    return spanContext(extract(W3C, "traceparent", "00-" + TRACE + "-" + SPAN + "-" + hex))
            .getTraceFlags()
            .asByte()
        & 0xff;
  }

  @Test
  void higherVersionIsParsedByItsPrefixAndSentAsVersion00() {
    Context plain = extract(W3C, "traceparent", "cc-" + TRACE + "-" + SPAN + "-01");
    Context extended =
        extract(W3C, "traceparent", "cc-" + TRACE + "-" + SPAN + "-01-what-the-future-holds");

    assertThat(spanContext(plain).isValid()).isTrue();
    assertThat(spanContext(extended).getTraceId()).isEqualTo(TRACE);
    assertThat(inject(W3C, extended).get("traceparent")).isEqualTo(VALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // 00 must be exactly 55
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // future data needs a dash
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01", // uppercase parent id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A", // uppercase flags
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // uppercase version
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // short trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01", // short parent id
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // wrong separator
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", // one flag digit
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bg-01", // not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f0\uffff7aa0ba902b7-01", // makes OTel 1.63's check
        // throw
        "00-4bf92f3577b34da6a3ce92\u00e99d0e0e4736-00f067aa0ba902b7-01", // non-ASCII in the trace
        // id
        "",
        "garbage"
      })
  void invalidTraceparentReturnsTheOriginalContext(String header) {
    Context original = Context.root().with(io.opentelemetry.context.ContextKey.named("k"), "v");

    Context result =
        W3C.extract(original, Carriers.headers("traceparent", header), MapCarrier.multiGetter());

    assertThat(result).isSameAs(original);
  }

  @Test
  void duplicatedTraceparentRestartsTheTrace() {
    Context result = extract(W3C, "traceparent", VALID, "traceparent", VALID);

    assertThat(spanContext(result).isValid()).isFalse();
  }

  @Test
  void surroundingSpacesAndTabsAreIgnored() {
    assertThat(spanContext(extract(W3C, "traceparent", " \t" + VALID + " ")).isValid()).isTrue();
  }

  @Test
  void severalTracestateHeadersAreCombinedInOrder() {
    Context ctx =
        extract(
            W3C,
            "traceparent",
            VALID,
            "tracestate",
            "congo=t61rcWkgMzE, rojo=00f067aa0ba902b7",
            "tracestate",
            " ,  acme@vendor=x");

    TraceState state = spanContext(ctx).getTraceState();
    assertThat(state.asMap().keySet()).containsExactly("congo", "rojo", "acme@vendor");
    assertThat(inject(W3C, ctx).get("tracestate"))
        .isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,acme@vendor=x");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Congo=x", // uppercase key
        "_congo=x", // a key starts with a letter or a digit
        "congo=", // empty value
        "congo=a\tb", // a tab is not a value character
        "congo=caf\u00e9", // nor is anything outside printable ASCII
        "congo=a=b", // '=' inside the value
        "congo", // no '='
        "con go=x", // a space inside a key
        "congo.x=y", // '.' is no key character
        "=x"
      })
  void invalidTracestateIsDroppedWholeAndNeverInvalidatesTheTraceparent(String tracestate) {
    Context ctx = extract(W3C, "traceparent", VALID, "tracestate", "ok=1," + tracestate);

    assertThat(spanContext(ctx).getTraceId()).isEqualTo(TRACE);
    assertThat(spanContext(ctx).getTraceState().isEmpty()).isTrue();
  }

  @Test
  void keyGrammarIsLevel2sLcalphaOrDigitThenUpTo255KeycharsWithAt() {
    String longest = "a" + "b".repeat(255); // 256 characters
    String level1Tenant = "0" + "t".repeat(240) + "@" + "s" + "y".repeat(13); // Level 1's limits

    for (String key :
        List.of(
            longest,
            level1Tenant,
            "k_-*/9",
            "1abc",
            "foo@",
            "foo@bar@baz",
            "t".repeat(242) + "@v",
            "tenant@0vendor",
            "9@@")) {
      assertThat(TraceContextPropagator.isValidKey(key)).as(key).isTrue();
    }
    for (String key :
        List.of(longest + "b", "", "@foo", "_a", "-a", "A", "a.b", "a b", "a=b", "caf\u00e9")) {
      assertThat(TraceContextPropagator.isValidKey(key)).as(key).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo@=1", "1abc=1", "foo@bar@baz=1"})
  void level2KeysOpenTelemetrysTraceStateRefusesAreKeptAndForwardedInPlace(String level2) {
    String header = "congo=t61rcWkgMzE," + level2 + ",rojo=00f067aa0ba902b7";
    Context ctx = extract(W3C, "traceparent", VALID, "tracestate", header);

    assertThat(spanContext(ctx).getTraceState().asMap()).containsOnlyKeys("congo", "rojo");
    assertThat(inject(W3C, ctx).get("tracestate")).isEqualTo(header);
  }

  @Test
  void a256CharacterTenantKeyIsForwarded() {
    String header = "t".repeat(242) + "@v=1";
    Context ctx = extract(W3C, "traceparent", VALID, "tracestate", header);

    assertThat(inject(W3C, ctx).get("tracestate")).isEqualTo(header);
  }

  @Test
  void aChangedTraceStateGoesOutAsChangedWithTheRefusedEntriesAfterItInOrder() {
    Context ctx = extract(W3C, "traceparent", VALID, "tracestate", "congo=1,1abc=2,rojo=3,foo@=4");
    SpanContext in = spanContext(ctx);
    TraceState updated = in.getTraceState().toBuilder().put("rojo", "9").build();
    Context local =
        ctx.with(
            io.opentelemetry.api.trace.Span.wrap(
                SpanContext.create(TRACE, "1111111111111111", in.getTraceFlags(), updated)));

    assertThat(inject(W3C, local).get("tracestate")).isEqualTo("congo=1,rojo=9,1abc=2,foo@=4");
  }

  @Test
  void keptEntriesNeverLeakIntoAnotherTrace() {
    Context ctx = extract(W3C, "traceparent", VALID, "tracestate", "1abc=2");
    String other = "11111111111111111111111111111111";
    Context foreign =
        ctx.with(
            io.opentelemetry.api.trace.Span.wrap(
                SpanContext.create(
                    other,
                    SPAN,
                    io.opentelemetry.api.trace.TraceFlags.getSampled(),
                    TraceState.getDefault())));

    assertThat(inject(W3C, foreign)).doesNotContainKey("tracestate");
  }

  @Test
  void aRepeatedKeyKeepsItsFirstMemberAndTheRestOfTheHeader() {
    Context ctx =
        extract(
            W3C,
            "traceparent",
            VALID,
            "tracestate",
            "foo=1,bar=2,foo=3",
            "tracestate",
            "foo=4,baz=5");

    assertThat(spanContext(ctx).getTraceState().asMap())
        .containsExactly(Map.entry("foo", "1"), Map.entry("bar", "2"), Map.entry("baz", "5"));
    assertThat(inject(W3C, ctx).get("tracestate")).isEqualTo("foo=1,bar=2,baz=5");
  }

  @Test
  void moreThan32TracestateMembersDropTheWholeTracestate() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      members.add("k" + i + "=v");
    }
    Context ok =
        extract(W3C, "traceparent", VALID, "tracestate", String.join(",", members.subList(0, 32)));
    Context tooMany = extract(W3C, "traceparent", VALID, "tracestate", String.join(",", members));

    assertThat(spanContext(ok).getTraceState().size()).isEqualTo(32);
    assertThat(spanContext(tooMany).getTraceState().isEmpty()).isTrue();
    assertThat(spanContext(tooMany).isValid()).isTrue();
  }

  @Test
  void injectTruncatesTracestateTo512CharactersDroppingLongEntriesFirstThenFromTheEnd() {
    var builder = TraceState.builder();
    List<String> expected = new ArrayList<>();
    // put() adds at the front, so add in reverse to get k0..k9 in order
    String longValue = "x".repeat(200);
    for (int i = 9; i >= 0; i--) {
      builder.put("k" + i, i == 2 ? longValue : "v".repeat(60));
    }
    Context ctx = Carriers.withSpan(TRACE, SPAN, 1, builder.build());

    String tracestate = inject(W3C, ctx).get("tracestate");

    assertThat(tracestate.length()).isLessThanOrEqualTo(512);
    assertThat(tracestate).doesNotContain("k2=");
    for (String entry : tracestate.split(",")) {
      assertThat(entry).matches("k\\d=v{60}");
      expected.add(entry.substring(0, 2));
    }
    // 9 entries of 63 characters do not fit; whole ones are dropped from the end
    assertThat(expected).containsExactly("k0", "k1", "k3", "k4", "k5", "k6", "k7", "k8");
  }

  @Test
  void injectWritesNothingForAnInvalidSpanAndNeverThrowsOnNulls() {
    assertThat(inject(W3C, Context.root())).isEmpty();
    W3C.inject(null, new java.util.HashMap<>(), MapCarrier.setter());
    W3C.inject(Context.root(), null, MapCarrier.setter());
    assertThat(W3C.extract(null, null, MapCarrier.getter())).isSameAs(Context.root());
    assertThat(W3C.extract(Context.root(), null, MapCarrier.getter())).isSameAs(Context.root());
    assertThat(W3C.fields()).containsExactly("traceparent", "tracestate");
  }
}
