package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.Tracer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Each instrumentation, ours or the user's, exports in a scope of its own, as
 * docs/bridge-mapping.md says.
 */
class InstrumentationScopeTest {
  @Test
  void theScopeIsTheSpansTargetWithTheTracebridgeVersionForOurIntegrations() {
    OtelFixture otel = new OtelFixture();
    otel.run(
        () -> {
          Tracer.named("com.acme.Checkout").infoSpan("checkout").run(() -> {});
          Tracer.named("io.tracebridge.okhttp").infoSpan("GET").run(() -> {});
          Tracer.named("io.tracebridge.grpc.server").infoSpan("pkg.Svc/Call").run(() -> {});
        });

    InstrumentationScopeInfo user = otel.span("checkout").getInstrumentationScopeInfo();
    assertThat(user.getName()).isEqualTo("com.acme.Checkout");
    assertThat(user.getVersion()).isNull();
    InstrumentationScopeInfo okhttp = otel.span("GET").getInstrumentationScopeInfo();
    assertThat(okhttp.getName()).isEqualTo("io.tracebridge.okhttp");
    assertThat(okhttp.getVersion())
        .isEqualTo(OpenTelemetryLayer.VERSION)
        .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(otel.span("pkg.Svc/Call").getInstrumentationScopeInfo().getName())
        .isEqualTo("io.tracebridge.grpc.server");
  }

  @Test
  void anExplicitScopeHoldsEverySpan() {
    OtelFixture otel =
        new OtelFixture(Sampler.alwaysOn(), b -> b.instrumentationScope("my.app", "7.1"));
    otel.run(() -> Tracer.named("com.acme.Checkout").infoSpan("checkout").run(() -> {}));

    InstrumentationScopeInfo scope = otel.span("checkout").getInstrumentationScopeInfo();
    assertThat(scope.getName()).isEqualTo("my.app");
    assertThat(scope.getVersion()).isEqualTo("7.1");
  }

  @Test
  void pastTheScopeCapSpansShareTheLayersScopeKeepTheirEventAttributesAndAreReportedOnce() {
    OtelFixture otel = new OtelFixture();
    List<LogRecord> logged =
        otel.runLogged(
            () -> {
              for (int i = 0; i < OpenTelemetryLayer.MAX_SCOPES; i++) {
                otel.layer.scopeFor("com.acme.generated.T" + i);
              }
              Tracer late = Tracer.named("com.acme.Late");
              late.infoSpan("late").run(() -> late.warn("slow"));
              Tracer.named("com.acme.Later").infoSpan("later").run(() -> {});
              Tracer.named("com.acme.generated.T7").infoSpan("early").run(() -> {});
            });

    io.opentelemetry.sdk.trace.data.SpanData lateSpan = otel.span("late");
    assertThat(lateSpan.getInstrumentationScopeInfo().getName()).isEqualTo("io.tracebridge");
    EventData event = lateSpan.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("slow");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("level"))).isEqualTo("WARN");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("target")))
        .isEqualTo("com.acme.Late");
    assertThat(otel.span("later").getInstrumentationScopeInfo().getName())
        .isEqualTo("io.tracebridge");
    assertThat(otel.span("early").getInstrumentationScopeInfo().getName())
        .isEqualTo("com.acme.generated.T7");
    // Never silent: the first target past the cap is reported, once.
    assertThat(logged)
        .filteredOn(record -> record.getMessage().contains("distinct targets"))
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.getLevel()).isEqualTo(Level.WARNING);
              assertThat(record.getMessage())
                  .contains("more than 10000 distinct targets")
                  .contains("'com.acme.Late'")
                  .contains("'io.tracebridge'");
            });
  }
}
