package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.testfixtures.LogCapture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextBothWaysTest {
  private static final Tracer TRACER = Tracer.forClass(ContextBothWaysTest.class);
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final OtelFixture otel = new OtelFixture();
  private final io.opentelemetry.api.trace.Tracer otelApi = otel.sdk.getTracer("direct-otel");

  @Test
  void whileALocalSpanIsEnteredContextCurrentHoldsItsOtelSpanAndOtelChildrenParentToIt() {
    otel.run(
        () -> {
          try (EnteredSpan local = TRACER.infoSpan("local").entered()) {
            assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext())
                .isEqualTo(OtelBridge.spanContext(local.span()));
            otelApi.spanBuilder("otel_child").startSpan().end();
          }
          assertThat(Context.current()).isSameAs(Context.root());
        });

    assertThat(OtelFixture.isChildOf(otel.span("otel_child"), otel.span("local"))).isTrue();
  }

  @Test
  void localSpanWithNoLocalParentTakesTheCurrentOtelSpanAsParent() {
    otel.run(
        () -> {
          io.opentelemetry.api.trace.Span server = otelApi.spanBuilder("otel_server").startSpan();
          try (io.opentelemetry.context.Scope s = server.makeCurrent()) {
            TRACER.infoSpan("local_handler").run(() -> {});
          } finally {
            server.end();
          }
        });

    assertThat(OtelFixture.isChildOf(otel.span("local_handler"), otel.span("otel_server")))
        .isTrue();
  }

  @Test
  void localAndOtelSpansInterleaveInTheOrderTheyWereEntered() {
    otel.run(
        () -> {
          try (EnteredSpan outer = TRACER.infoSpan("local_outer").entered()) {
            io.opentelemetry.api.trace.Span middle = otelApi.spanBuilder("otel_middle").startSpan();
            try (io.opentelemetry.context.Scope s = middle.makeCurrent()) {
              TRACER.infoSpan("local_inner").run(() -> {});
            } finally {
              middle.end();
            }
          }
        });

    assertThat(OtelFixture.isChildOf(otel.span("otel_middle"), otel.span("local_outer"))).isTrue();
    assertThat(OtelFixture.isChildOf(otel.span("local_inner"), otel.span("otel_middle"))).isTrue();
  }

  @Test
  void explicitRootIgnoresTheCurrentOtelSpanAndExplicitParentUsesTheLocalParentsOtelSpan() {
    otel.run(
        () -> {
          Span chosen = TRACER.infoSpan("chosen").start();
          try (EnteredSpan current = TRACER.infoSpan("current").entered()) {
            TRACER.infoSpan("detached").root().start().close();
            TRACER.infoSpan("adopted").parent(chosen).start().close();
          }
          chosen.close();
        });

    assertThat(otel.span("detached").getParentSpanId()).isEqualTo("0000000000000000");
    assertThat(otel.span("detached").getTraceId()).isNotEqualTo(otel.span("current").getTraceId());
    assertThat(OtelFixture.isChildOf(otel.span("adopted"), otel.span("chosen"))).isTrue();
  }

  @Test
  void setParentBeforeEnterAdoptsTheRemoteParentExtractedFromACarrier() {
    Map<String, String> incoming = new HashMap<>();
    incoming.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    Context remote =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), incoming, GETTER);

    otel.run(
        () -> {
          Span server = TRACER.infoSpan("handle").field("otel.kind", "server").start();
          assertThat(OtelBridge.setParent(server, remote)).isTrue();
          server.inScope(() -> TRACER.infoSpan("work").run(() -> {}));
          server.close();
        });

    SpanData handle = otel.span("handle");
    assertThat(handle.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(handle.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(handle.getParentSpanContext().isRemote()).isTrue();
    assertThat(OtelFixture.isChildOf(otel.span("work"), handle)).isTrue();
  }

  @Test
  void setParentAfterTheOtelSpanStartedFailsLoudlyAndKeepsTheOriginalParent() {
    Map<String, String> incoming =
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    Context remote =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), incoming, GETTER);
    boolean[] applied = new boolean[1];

    var warnings =
        LogCapture.capture(
            OtelBridge.class,
            () ->
                otel.run(
                    () -> {
                      try (EnteredSpan late = TRACER.infoSpan("late").entered()) {
                        applied[0] = OtelBridge.setParent(late.span(), remote);
                      }
                    }));

    assertThat(applied[0]).isFalse();
    assertThat(warnings)
        .singleElement()
        .satisfies(r -> assertThat(r.getMessage()).contains("'late'").contains("too late"));
    assertThat(otel.span("late").getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void contextOfALocalSpanIsWhatGetsInjectedIntoAnOutgoingCarrier() {
    Map<String, String> outgoing = new HashMap<>();
    otel.run(
        () -> {
          try (EnteredSpan client =
              TRACER.infoSpan("call_backend").field("otel.kind", "client").entered()) {
            W3CTraceContextPropagator.getInstance()
                .inject(OtelBridge.context(client.span()), outgoing, Map::put);
            assertThat(OtelBridge.context(Span.none())).isSameAs(Context.current());
          }
        });

    SpanData client = otel.span("call_backend");
    assertThat(outgoing.get("traceparent"))
        .isEqualTo(
            "00-"
                + client.getTraceId()
                + "-"
                + client.getSpanId()
                + "-"
                + client.getSpanContext().getTraceFlags().asHex());
    assertThat(client.getSpanContext().isSampled()).isTrue();
  }

  @Test
  void addLinkLinksALocalSpanToARemoteSpanContextForRestartWithLink() {
    Map<String, String> incoming =
        Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    io.opentelemetry.api.trace.SpanContext remote =
        io.opentelemetry.api.trace.Span.fromContext(
                W3CTraceContextPropagator.getInstance().extract(Context.root(), incoming, GETTER))
            .getSpanContext();

    otel.run(
        () -> {
          Span edge = TRACER.infoSpan("public_edge").root().start();
          assertThat(OtelBridge.addLink(edge, remote)).isTrue();
          assertThat(OtelBridge.addLink(edge, io.opentelemetry.api.trace.SpanContext.getInvalid()))
              .isFalse();
          assertThat(OtelBridge.addLink(Span.none(), remote)).isFalse();
          edge.close();
        });

    SpanData edge = otel.span("public_edge");
    assertThat(edge.getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(edge.getLinks())
        .singleElement()
        .satisfies(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7"));
  }

  @Test
  void spanNotSeenByAnyOtelLayerHasNoBridgeState() {
    io.tracebridge.testing.RecordingSubscriber only =
        io.tracebridge.testing.RecordingSubscriber.create();
    io.tracebridge.Dispatch.withDefault(
        only,
        () -> {
          Span span = TRACER.infoSpan("local_only").start();
          assertThat(OtelBridge.setParent(span, Context.root())).isFalse();
          assertThat(OtelBridge.context(span)).isSameAs(Context.current());
          span.close();
        });
  }

  @Test
  void outOfOrderExitsKeepTheOtelContextInStepWithTheInnermostEnteredLocalSpan() {
    otel.run(
        () -> {
          Span a = TRACER.infoSpan("a").start();
          Span b = TRACER.infoSpan("b").start();
          Scope sa = a.enter();
          Scope sb = b.enter();
          sa.close(); // a exits first, out of order
          assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext())
              .isEqualTo(OtelBridge.spanContext(b));
          sb.close();
          assertThat(Context.current()).isSameAs(Context.root());
          a.close();
          b.close();
        });

    List<SpanData> spans = otel.finished();
    assertThat(spans).hasSize(2);
  }

  @Test
  void baggageMadeCurrentBetweenStartAndEnterStaysVisibleInsideTheSpanAndIsGoneAfterIt() {
    io.opentelemetry.api.baggage.Baggage tenant =
        io.opentelemetry.api.baggage.Baggage.builder().put("tenant", "acme").build();
    otel.run(
        () -> {
          Span checkout = TRACER.infoSpan("checkout").start();
          try (io.opentelemetry.context.Scope b = tenant.makeCurrent();
              Scope entered = checkout.enter()) {
            assertThat(io.opentelemetry.api.baggage.Baggage.current().getEntryValue("tenant"))
                .isEqualTo("acme");
            assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext())
                .isEqualTo(OtelBridge.spanContext(checkout));
            // An outgoing call made here injects both: the span and the baggage.
            Map<String, String> carrier = new java.util.HashMap<>();
            io.opentelemetry.context.propagation.TextMapPropagator.composite(
                    io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
                    io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance())
                .inject(Context.current(), carrier, (c, k, v) -> c.put(k, v));
            assertThat(carrier).containsEntry("baggage", "tenant=acme").containsKey("traceparent");
          }
          assertThat(io.opentelemetry.api.baggage.Baggage.current().isEmpty()).isTrue();
          assertThat(Context.current()).isSameAs(Context.root());
          checkout.close();
        });
  }

  @Test
  void aSpanWithARemoteParentMakesTheBaggageReceivedWithItCurrentWhenEntered() {
    Map<String, String> incoming =
        Map.of(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "baggage",
            "user.id=42");
    Context remote =
        io.opentelemetry.context.propagation.TextMapPropagator.composite(
                io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator.getInstance(),
                io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator.getInstance())
            .extract(Context.root(), incoming, GETTER);
    otel.run(
        () -> {
          Span server = TRACER.infoSpan("server").root().start();
          assertThat(OtelBridge.setParent(server, remote)).isTrue();
          try (Scope entered = server.enter()) {
            assertThat(io.opentelemetry.api.baggage.Baggage.current().getEntryValue("user.id"))
                .isEqualTo("42");
            assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
          }
          assertThat(Context.current()).isSameAs(Context.root());
          server.close();
        });
  }
}
