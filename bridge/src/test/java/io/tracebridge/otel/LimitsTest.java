package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import org.junit.jupiter.api.Test;

class LimitsTest {
  private static final Tracer TRACER = Tracer.forClass(LimitsTest.class);

  @Test
  void aLongLivedSpanKeepsAtMostTheConfiguredEventsAndAttributes() {
    OtelFixture otel =
        new OtelFixture(
            Sampler.alwaysOn(),
            b ->
                b.maxEventsPerSpan(5)
                    .maxAttributesPerSpan(3)
                    .threadAttributes(false)
                    .codeAttributes(false)
                    .timingAttributes(false));
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("long_lived").entered()) {
            for (int i = 0; i < 10_000; i++) {
              TRACER.atInfo().field("i", i).log("tick");
              s.span().record("key_" + (i % 100), i);
            }
          }
        });

    var span = otel.span("long_lived");
    assertThat(span.getEvents()).hasSize(5);
    assertThat(span.getAttributes().size()).isEqualTo(3);
    // Nothing silent: every event past the cap, and every value of a key past it, is counted.
    assertThat(otel.layer.droppedEventsOverSpanCap()).isEqualTo(10_000 - 5);
    assertThat(otel.layer.droppedAttributesOverSpanCap()).isEqualTo(10_000 - 3 * 100);
  }

  @Test
  void theEventCapHoldsExactlyWhenManyThreadsAddEventsToOneSpanAtOnce() throws Exception {
    OtelFixture otel = new OtelFixture(Sampler.alwaysOn(), b -> b.maxEventsPerSpan(50));
    int threads = 8;
    int each = 100;
    io.tracebridge.Span shared = startIn(otel, "shared");
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<Thread> workers = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () ->
                  otel.run(
                      () -> {
                        awaitQuietly(go);
                        for (int i = 0; i < each; i++) {
                          TRACER.atInfo().parent(shared).log("tick");
                        }
                      }));
      worker.start();
      workers.add(worker);
    }
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    otel.run(shared::close);

    assertThat(otel.span("shared").getEvents()).hasSize(50);
    assertThat(otel.layer.droppedEventsOverSpanCap()).isEqualTo(threads * each - 50);
  }

  private static io.tracebridge.Span startIn(OtelFixture otel, String name) {
    io.tracebridge.Span[] started = new io.tracebridge.Span[1];
    otel.run(() -> started[0] = TRACER.infoSpan(name).start());
    return started[0];
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void recordingTheSameKeyAgainDoesNotUseUpTheAttributeCap() {
    OtelFixture otel =
        new OtelFixture(
            Sampler.alwaysOn(),
            b ->
                b.maxAttributesPerSpan(2)
                    .threadAttributes(false)
                    .codeAttributes(false)
                    .timingAttributes(false));
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("progress").entered()) {
            for (int i = 0; i < 1000; i++) {
              s.span().record("done", i);
            }
            s.span().record("total", 1000);
          }
        });

    var attributes = otel.span("progress").getAttributes();
    assertThat(attributes.size()).isEqualTo(2);
    assertThat(attributes.get(io.opentelemetry.api.common.AttributeKey.longKey("done")))
        .isEqualTo(999L);
  }

  @Test
  void defaultCapsAreTheSdkSpanLimitsDefaults() {
    var defaults = io.opentelemetry.sdk.trace.SpanLimits.getDefault();

    assertThat(OpenTelemetryLayer.DEFAULT_MAX_ATTRIBUTES)
        .isEqualTo(defaults.getMaxNumberOfAttributes());
    assertThat(OpenTelemetryLayer.DEFAULT_MAX_EVENTS).isEqualTo(defaults.getMaxNumberOfEvents());
  }

  @Test
  void negativeCapsAreRejectedNamingTheValue() {
    assertThatThrownBy(() -> OpenTelemetryLayer.builder(OpenTelemetry.noop()).maxEventsPerSpan(-1))
        .hasMessageContaining("was -1");
    assertThatThrownBy(
            () -> OpenTelemetryLayer.builder(OpenTelemetry.noop()).maxAttributesPerSpan(-5))
        .hasMessageContaining("was -5");
  }
}
