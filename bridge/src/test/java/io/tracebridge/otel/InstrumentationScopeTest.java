package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.Tracer;
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
}
