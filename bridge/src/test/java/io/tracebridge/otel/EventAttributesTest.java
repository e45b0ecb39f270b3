package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event attributes are built inline for up to four fields and through a builder beyond. */
class EventAttributesTest {
  private static final Tracer TRACER = Tracer.forClass(EventAttributesTest.class);
  private final OtelFixture otel = new OtelFixture();

  @Test
  void everyFieldCountFromNoneToSixBecomesExactlyThoseAttributesPlusLevelAndTarget() {
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("events").entered()) {
            for (int n = 0; n <= 6; n++) {
              var event = TRACER.atInfo();
              for (int i = 0; i < n; i++) {
                event.field("f" + i, (long) i);
              }
              event.log("with " + n);
            }
          }
        });

    List<EventData> events = otel.span("events").getEvents();
    assertThat(events).hasSize(7);
    for (int n = 0; n <= 6; n++) {
      Attributes attributes = events.get(n).getAttributes();
      assertThat(events.get(n).getName()).isEqualTo("with " + n);
      assertThat(attributes.size()).isEqualTo(n + 2);
      assertThat(attributes.get(AttributeKey.stringKey("level"))).isEqualTo("INFO");
      assertThat(attributes.get(AttributeKey.stringKey("target")))
          .isEqualTo(EventAttributesTest.class.getName());
      for (int i = 0; i < n; i++) {
        assertThat(attributes.get(AttributeKey.longKey("f" + i))).isEqualTo((long) i);
      }
    }
  }

  @Test
  void anEventFieldNamedLevelOrTargetOverridesTheBridgesAttribute() {
    otel.run(
        () -> {
          try (EnteredSpan s = TRACER.infoSpan("override").entered()) {
            TRACER.atInfo().field("level", "custom").log("inline");
            TRACER
                .atInfo()
                .field("a", 1L)
                .field("b", 2L)
                .field("c", 3L)
                .field("d", 4L)
                .field("target", "mine")
                .log("overflow");
          }
        });

    List<EventData> events = otel.span("override").getEvents();
    assertThat(events.get(0).getAttributes().get(AttributeKey.stringKey("level")))
        .isEqualTo("custom");
    assertThat(events.get(1).getAttributes().get(AttributeKey.stringKey("target")))
        .isEqualTo("mine");
    assertThat(events.get(1).getAttributes().size()).isEqualTo(6);
  }

  @Test
  void fieldNamesPastTheSharedKeyBoundStillBecomeAttributes() {
    int names = AttributeKeys.MAX_PER_TYPE + 10;
    for (int i = 0; i < names; i++) {
      AttributeKeys.doubleKey("bound.test." + i);
    }
    otel.run(() -> TRACER.infoSpan("late").field("bound.test.late", 1.5).start().close());

    assertThat(AttributeKeys.doubleKey("bound.test." + (names - 1)).getKey())
        .isEqualTo("bound.test." + (names - 1));
    assertThat(otel.span("late").getAttributes().get(AttributeKey.doubleKey("bound.test.late")))
        .isEqualTo(1.5);
  }
}
