package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.tracebridge.Dispatch;
import io.tracebridge.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanEventsTest {
  private static final Tracer TRACER = Tracer.forClass(OrphanEventsTest.class);

  @Test
  void eventOutsideAnySpanBecomesALogRecordWhenALogsSdkIsConfigured() {
    OtelFixture otel = new OtelFixture();
    otel.run(
        () ->
            TRACER
                .atWarn()
                .field("disk_pct", 91)
                .error(new IllegalStateException("almost full"))
                .log("disk almost full"));

    List<LogRecordData> records = otel.logs.getFinishedLogRecordItems();
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getBodyValue().asString()).isEqualTo("disk almost full");
              assertThat(r.getSeverity()).isEqualTo(Severity.WARN);
              assertThat(r.getSeverityText()).isEqualTo("WARN");
              assertThat(r.getInstrumentationScopeInfo().getName())
                  .isEqualTo(OrphanEventsTest.class.getName());
              assertThat(r.getAttributes().get(AttributeKey.longKey("disk_pct"))).isEqualTo(91L);
              assertThat(r.getAttributes().get(AttributeKey.stringKey("exception.type")))
                  .isEqualTo("java.lang.IllegalStateException");
            });
    assertThat(otel.layer.forwardedOrphanEvents()).isEqualTo(1);
    assertThat(otel.finished()).isEmpty();
  }

  @Test
  void eventOutsideAnySpanIsDroppedAndCountedWithoutALogsSdk() {
    OpenTelemetry tracesOnly =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return TracerProvider.noop();
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    OpenTelemetryLayer layer = OpenTelemetryLayer.builder(tracesOnly).build();
    Dispatch.withDefault(
        layer,
        () -> {
          TRACER.info("nobody listens");
          TRACER.info("still nobody");
        });

    assertThat(layer.droppedOrphanEvents()).isEqualTo(2);
    assertThat(layer.forwardedOrphanEvents()).isZero();
  }
}
