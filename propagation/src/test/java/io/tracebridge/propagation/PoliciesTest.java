package io.tracebridge.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final Context CTX =
      Carriers.withSpan(TRACE, SPAN, 0x03, TraceState.getDefault())
          .with(Baggage.builder().put("user", "alice").build());
  private static final io.opentelemetry.context.propagation.TextMapPropagator W3C =
      TracebridgePropagators.fromList("tracecontext,baggage");

  private static Map<String, String> send(OutboundPolicy policy, String host) {
    Map<String, String> headers = new HashMap<>();
    policy.inject(W3C, CTX, host, headers, MapCarrier.setter());
    return headers;
  }

  @Test
  void byDefaultTraceHeadersAndBaggageGoOnlyToInternalHosts() {
    OutboundPolicy defaults = OutboundPolicy.defaults();

    assertThat(send(defaults, "api.stripe.com")).isEmpty();
    assertThat(defaults.sendsTraceTo("rates.partner.example")).isFalse();
    for (String internal :
        new String[] {
          "backend",
          "localhost",
          "127.0.0.1",
          "10.1.2.3",
          "172.20.0.5",
          "192.168.1.10",
          "orders.svc",
          "orders.default.svc.cluster.local",
          "db.internal",
          "printer.local",
          "[::1]"
        }) {
      assertThat(send(defaults, internal)).as(internal).containsOnlyKeys("traceparent", "baggage");
    }
    for (String external :
        new String[] {"8.8.8.8", "172.32.0.1", "example.com", "internal.example.com"}) {
      assertThat(defaults.sendsBaggageTo(external)).as(external).isFalse();
    }
  }

  @Test
  void allowlistsAcceptExactHostsAndSubdomainWildcardsIgnoringCase() {
    OutboundPolicy policy =
        OutboundPolicy.builder()
            .traceHosts("*.acme.com, partner.io")
            .baggageHosts("api.acme.com")
            .build();

    assertThat(send(policy, "API.acme.com")).containsOnlyKeys("traceparent", "baggage");
    assertThat(send(policy, "www.acme.com")).containsOnlyKeys("traceparent");
    assertThat(send(policy, "acme.com")).isEmpty();
    assertThat(send(policy, "partner.io")).containsOnlyKeys("traceparent");
    assertThat(send(policy, "evil.io")).isEmpty();
  }

  @Test
  void baggageIsNeverSentWhereTraceHeadersAreNot() {
    OutboundPolicy policy = OutboundPolicy.builder().traceHosts("").baggageHosts("*").build();

    assertThat(send(policy, "backend")).isEmpty();
  }

  @Test
  void malformedHostPatternFailsNamingIt() {
    assertThatThrownBy(() -> OutboundPolicy.builder().traceHosts("good.com, bad*host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad*host'");
  }

  @Test
  void continueJoinsTheRemoteTrace() {
    InboundPolicy.Decision d = InboundPolicy.defaults().decide(CTX);

    assertThat(Carriers.spanContext(d.parent()).getTraceId()).isEqualTo(TRACE);
    assertThat(d.hasLink()).isFalse();
    assertThat(Baggage.fromContext(d.parent()).getEntryValue("user")).isEqualTo("alice");
  }

  @Test
  void restartWithLinkStartsANewTraceLinkedToTheRemoteSpanAndDropsRemoteBaggage() {
    InboundPolicy.Decision d =
        InboundPolicy.builder().mode(InboundPolicy.Mode.RESTART_WITH_LINK).build().decide(CTX);

    assertThat(Carriers.spanContext(d.parent()).isValid()).isFalse();
    assertThat(Baggage.fromContext(d.parent()).isEmpty()).isTrue();
    assertThat(d.hasLink()).isTrue();
    assertThat(d.link().getTraceId()).isEqualTo(TRACE);
    InboundPolicy keep =
        InboundPolicy.builder()
            .mode(InboundPolicy.Mode.RESTART_WITH_LINK)
            .keepBaggage(true)
            .build();
    assertThat(Baggage.fromContext(keep.decide(CTX).parent()).getEntryValue("user"))
        .isEqualTo("alice");
  }

  @Test
  void ignoreKeepsNothing() {
    InboundPolicy.Decision d =
        InboundPolicy.builder().mode(InboundPolicy.Mode.IGNORE).build().decide(CTX);

    assertThat(d.parent()).isSameAs(Context.root());
    assertThat(d.hasLink()).isFalse();
  }

  @Test
  void untrustedRemoteSampledFlagCannotForceSamplingButTheRandomFlagStays() {
    SpanContext parent =
        Carriers.spanContext(
            InboundPolicy.builder().trustRemoteSampled(false).build().decide(CTX).parent());

    assertThat(parent.getTraceId()).isEqualTo(TRACE);
    assertThat(parent.isSampled()).isFalse();
    assertThat(parent.getTraceFlags().asByte() & 0x02).isEqualTo(0x02);
  }

  @Test
  void policiesComeFromConfigurationPerEntryPointAndBadValuesAreNamed() {
    try {
      System.setProperty(InboundPolicy.MODE_PROPERTY, "ignore");
      System.setProperty(InboundPolicy.MODE_PROPERTY + ".public-api", "Restart-With-Link");
      System.setProperty(InboundPolicy.TRUST_SAMPLED_PROPERTY, "false");
      System.setProperty(OutboundPolicy.BAGGAGE_HOSTS_PROPERTY, "*.acme.internal");

      assertThat(InboundPolicy.fromEnv().mode()).isEqualTo(InboundPolicy.Mode.IGNORE);
      assertThat(InboundPolicy.fromEnv("public-api").mode())
          .isEqualTo(InboundPolicy.Mode.RESTART_WITH_LINK);
      assertThat(InboundPolicy.fromEnv("internal-rpc").mode()).isEqualTo(InboundPolicy.Mode.IGNORE);
      assertThat(OutboundPolicy.fromEnv().sendsBaggageTo("a.acme.internal")).isTrue();
      assertThat(OutboundPolicy.fromEnv().sendsBaggageTo("backend")).isFalse();

      System.setProperty(InboundPolicy.MODE_PROPERTY, "join");
      assertThatThrownBy(InboundPolicy::fromEnv)
          .hasMessageContaining("tracebridge.propagation.inbound")
          .hasMessageContaining("'join'");
      System.setProperty(InboundPolicy.MODE_PROPERTY, "continue");
      System.setProperty(InboundPolicy.TRUST_SAMPLED_PROPERTY, "maybe");
      assertThatThrownBy(InboundPolicy::fromEnv).hasMessageContaining("'maybe'");
    } finally {
      System.clearProperty(InboundPolicy.MODE_PROPERTY);
      System.clearProperty(InboundPolicy.MODE_PROPERTY + ".public-api");
      System.clearProperty(InboundPolicy.TRUST_SAMPLED_PROPERTY);
      System.clearProperty(OutboundPolicy.BAGGAGE_HOSTS_PROPERTY);
    }
  }
}
