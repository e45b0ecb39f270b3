package io.tracebridge.propagation;

import static io.tracebridge.propagation.Carriers.extract;
import static io.tracebridge.propagation.Carriers.inject;
import static io.tracebridge.propagation.Carriers.spanContext;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectors written from the B3 specification (openzipkin/b3-propagation). */
class B3PropagatorTest {
  private static final String TRACE = "80f198ee56343ba864fe8b2a57d3eff7";
  private static final String SPAN = "e457b5a2e4d86bd1";
  private static final String PARENT = "05e3ac9a4f6e3b90";

  @Test
  void singleHeaderWithEveryFieldIsRead() {
    SpanContext sc =
        spanContext(extract(B3Propagator.multi(), "b3", TRACE + "-" + SPAN + "-1-" + PARENT));

    assertThat(sc.getTraceId()).isEqualTo(TRACE);
    assertThat(sc.getSpanId()).isEqualTo(SPAN);
    assertThat(sc.isSampled()).isTrue();
    assertThat(sc.isRemote()).isTrue();
  }

  @Test
  void sixtyFourBitTraceIdsAreLeftPadded() {
    SpanContext sc =
        spanContext(extract(B3Propagator.single(), "b3", "64fe8b2a57d3eff7-" + SPAN + "-0"));

    assertThat(sc.getTraceId()).isEqualTo("000000000000000064fe8b2a57d3eff7");
    assertThat(sc.isSampled()).isFalse();
  }

  @Test
  void debugMeansSampledAndAMissingDecisionMeansNotSampled() {
    assertThat(
            spanContext(extract(B3Propagator.single(), "b3", TRACE + "-" + SPAN + "-d"))
                .isSampled())
        .isTrue();
    assertThat(spanContext(extract(B3Propagator.single(), "b3", TRACE + "-" + SPAN)).isSampled())
        .isFalse();
    assertThat(
            spanContext(
                    extract(
                        B3Propagator.single(),
                        "x-b3-traceid",
                        TRACE,
                        "x-b3-spanid",
                        SPAN,
                        "x-b3-flags",
                        "1"))
                .isSampled())
        .isTrue();
  }

  @Test
  void multiHeadersAreReadInAnyCaseIncludingLegacyTrueFalse() {
    SpanContext sc =
        spanContext(
            extract(
                B3Propagator.single(),
                "X-B3-TraceId",
                TRACE,
                "X-B3-SpanId",
                SPAN,
                "X-B3-Sampled",
                "true",
                "X-B3-ParentSpanId",
                PARENT));

    assertThat(sc.getTraceId()).isEqualTo(TRACE);
    assertThat(sc.isSampled()).isTrue();
  }

  @Test
  void validSingleHeaderWinsAndAnInvalidOneFallsBackToMultiHeaders() {
    String other = "11111111111111111111111111111111";
    assertThat(
            spanContext(
                    extract(
                        B3Propagator.single(),
                        "b3",
                        TRACE + "-" + SPAN + "-1",
                        "x-b3-traceid",
                        other,
                        "x-b3-spanid",
                        SPAN))
                .getTraceId())
        .isEqualTo(TRACE);
    assertThat(
            spanContext(
                    extract(
                        B3Propagator.single(),
                        "b3",
                        "garbage",
                        "x-b3-traceid",
                        other,
                        "x-b3-spanid",
                        SPAN))
                .getTraceId())
        .isEqualTo(other);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1",
        "d", // sampling-only: no ids
        "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-2", // unknown sampling state
        "80F198EE56343BA864FE8B2A57D3EFF7-e457b5a2e4d86bd1-1", // uppercase
        "00000000000000000000000000000000-e457b5a2e4d86bd1-1", // zero trace id
        "80f198ee56343ba864fe8b2a57d3eff7-0000000000000000-1", // zero span id
        "80f198ee56343ba864fe8b2a57d3eff-e457b5a2e4d86bd1-1", // 31 digits
        "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-zz", // bad parent
        "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90-extra"
      })
  void invalidSingleHeaderWithoutMultiHeadersReturnsTheOriginalContext(String header) {
    assertThat(spanContext(extract(B3Propagator.single(), "b3", header)).isValid()).isFalse();
  }

  @Test
  void injectWritesTheConfiguredEncodingInLowercase() {
    var ctx = Carriers.withSpan(TRACE, SPAN, 1, TraceState.getDefault());

    assertThat(inject(B3Propagator.single(), ctx))
        .containsExactly(Map.entry("b3", TRACE + "-" + SPAN + "-1"));
    assertThat(inject(B3Propagator.multi(), ctx))
        .containsOnly(
            Map.entry("x-b3-traceid", TRACE),
            Map.entry("x-b3-spanid", SPAN),
            Map.entry("x-b3-sampled", "1"));
  }

  private static final String IDS = TRACE + "-" + SPAN;

  @Test
  void debugComesInAndGoesOutAsDebugInBothEncodings() {
    Context single = extract(B3Propagator.single(), "b3", IDS + "-d");
    Context multi =
        extract(
            B3Propagator.multi(), "x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-flags", "1");

    assertThat(inject(B3Propagator.single(), single)).containsExactly(Map.entry("b3", IDS + "-d"));
    assertThat(inject(B3Propagator.multi(), multi))
        .containsOnly(
            Map.entry("x-b3-traceid", TRACE),
            Map.entry("x-b3-spanid", SPAN),
            Map.entry("x-b3-flags", "1"));
    // across encodings too: the debug bit belongs to the trace, not to the header it came in
    assertThat(inject(B3Propagator.multi(), single))
        .containsEntry("x-b3-flags", "1")
        .doesNotContainKey("x-b3-sampled");
  }

  @Test
  void aDeferredDecisionComesInAndGoesOutWithNoSamplingState() {
    Context single = extract(B3Propagator.single(), "b3", IDS);
    Context multi = extract(B3Propagator.multi(), "x-b3-traceid", TRACE, "x-b3-spanid", SPAN);

    assertThat(inject(B3Propagator.single(), single)).containsExactly(Map.entry("b3", IDS));
    assertThat(inject(B3Propagator.multi(), multi))
        .containsOnly(Map.entry("x-b3-traceid", TRACE), Map.entry("x-b3-spanid", SPAN));
  }

  @Test
  void acceptAndDenyComeInAndGoOutAsThemselves() {
    assertThat(inject(B3Propagator.single(), extract(B3Propagator.single(), "b3", IDS + "-1")))
        .containsExactly(Map.entry("b3", IDS + "-1"));
    assertThat(inject(B3Propagator.single(), extract(B3Propagator.single(), "b3", IDS + "-0")))
        .containsExactly(Map.entry("b3", IDS + "-0"));
  }

  @Test
  void aLocalChildOfADeferredParentStaysDeferredUnlessItWasSampled() {
    Context deferred = extract(B3Propagator.single(), "b3", IDS);
    String child = "1111111111111111";
    Context notSampledChild =
        deferred.with(
            io.opentelemetry.api.trace.Span.wrap(
                SpanContext.create(
                    TRACE,
                    child,
                    io.opentelemetry.api.trace.TraceFlags.getDefault(),
                    TraceState.getDefault())));
    Context sampledChild =
        deferred.with(
            io.opentelemetry.api.trace.Span.wrap(
                SpanContext.create(
                    TRACE,
                    child,
                    io.opentelemetry.api.trace.TraceFlags.getSampled(),
                    TraceState.getDefault())));

    assertThat(inject(B3Propagator.single(), notSampledChild))
        .containsExactly(Map.entry("b3", TRACE + "-" + child));
    assertThat(inject(B3Propagator.single(), sampledChild))
        .containsExactly(Map.entry("b3", TRACE + "-" + child + "-1"));
  }
}
