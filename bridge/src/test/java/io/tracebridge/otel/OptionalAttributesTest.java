package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OptionalAttributesTest {
  private static final Tracer TRACER = Tracer.forClass(OptionalAttributesTest.class);

  @Test
  void defaultsAddThreadCodeAndTimingButNotTargetAndLevel() {
    OtelFixture otel = new OtelFixture();
    StackTraceElement site = createSpan(otel, "work");

    var attributes = otel.span("work").getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("thread.name")))
        .isEqualTo(Thread.currentThread().getName());
    assertThat(attributes.get(AttributeKey.longKey("thread.id")))
        .isEqualTo(Thread.currentThread().getId());
    assertThat(attributes.get(AttributeKey.stringKey("code.function.name")))
        .isEqualTo(site.getClassName() + "." + site.getMethodName());
    assertThat(attributes.get(AttributeKey.stringKey("code.file.path")))
        .isEqualTo("OptionalAttributesTest.java");
    assertThat(attributes.get(AttributeKey.longKey("code.line.number")))
        .isEqualTo(site.getLineNumber() + 1L);
    assertThat(attributes.get(AttributeKey.longKey("busy_ns")))
        .isNotNull()
        .isGreaterThanOrEqualTo(0L);
    assertThat(attributes.get(AttributeKey.longKey("idle_ns")))
        .isNotNull()
        .isGreaterThanOrEqualTo(0L);
    assertThat(attributes.get(AttributeKey.stringKey("target"))).isNull();
    assertThat(attributes.get(AttributeKey.stringKey("level"))).isNull();
  }

  @Test
  void eachOptionalGroupCanBeSwitchedIndependently() {
    OtelFixture otel =
        new OtelFixture(
            Sampler.alwaysOn(),
            b ->
                b.threadAttributes(false)
                    .codeAttributes(false)
                    .timingAttributes(false)
                    .targetAndLevelAttributes(true));
    createSpan(otel, "work");

    var attributes = otel.span("work").getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("thread.name"))).isNull();
    assertThat(attributes.get(AttributeKey.stringKey("code.function.name"))).isNull();
    assertThat(attributes.get(AttributeKey.longKey("busy_ns"))).isNull();
    assertThat(attributes.get(AttributeKey.stringKey("target")))
        .isEqualTo(OptionalAttributesTest.class.getName());
    assertThat(attributes.get(AttributeKey.stringKey("level"))).isEqualTo("INFO");
  }

  @Test
  void aSpanCanOptOutOfCodeAttributesWithAReservedField() {
    OtelFixture otel = new OtelFixture();
    otel.run(
        () -> TRACER.infoSpan("integration").field("otel.code_attributes", false).start().close());

    var attributes = otel.span("integration").getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("code.function.name"))).isNull();
    assertThat(attributes.get(AttributeKey.stringKey("thread.name"))).isNotNull();
    assertThat(attributes.asMap().keySet())
        .extracting(AttributeKey::getKey)
        .noneMatch(k -> k.startsWith("otel."));
  }

  private static void integrationSpanWithAnEvent() {
    try (var span =
        TRACER
            .infoSpan("GET")
            .field("otel.kind", "client")
            .field("otel.integration", true)
            .entered()) {
      TRACER.atInfo().field("message.type", "SENT").log("message");
      TRACER.info("no fields");
    }
    TRACER.infoSpan("own work").run(() -> TRACER.info("done"));
  }

  @Test
  void integrationSpansCarryNoThreadCodeOrTimingAttributesAndTheirEventsNoLevelOrTarget() {
    OtelFixture otel = new OtelFixture();
    otel.run(OptionalAttributesTest::integrationSpanWithAnEvent);

    var integration = otel.span("GET");
    assertThat(integration.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .isEmpty();
    assertThat(integration.getEvents()).hasSize(2);
    assertThat(integration.getEvents().get(0).getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .containsExactly("message.type");
    assertThat(integration.getEvents().get(1).getAttributes().isEmpty())
        .as("an event without fields")
        .isTrue();
    // The user's own spans keep what docs/bridge-mapping.md promises.
    var own = otel.span("own work");
    assertThat(own.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .contains("thread.id", "thread.name", "code.function.name", "busy_ns", "idle_ns");
    assertThat(own.getEvents().get(0).getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .contains("level", "target");
  }

  @Test
  void integrationSpanExtrasCanBeAskedFor() {
    OtelFixture otel =
        new OtelFixture(
            io.opentelemetry.sdk.trace.samplers.Sampler.alwaysOn(),
            b -> b.integrationSpanExtras(true));
    otel.run(OptionalAttributesTest::integrationSpanWithAnEvent);

    var integration = otel.span("GET");
    assertThat(integration.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .contains("thread.id", "thread.name", "code.function.name", "busy_ns", "idle_ns");
    assertThat(integration.getEvents().get(0).getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey)
        .contains("level", "target", "message.type");
  }

  @Test
  void codeLocationIsFoundOncePerCallsiteNotOncePerCall() {
    OtelFixture otel = new OtelFixture();
    otel.run(
        () -> {
          for (int i = 0; i < 200; i++) {
            TRACER.infoSpan("hot").start().close();
          }
          TRACER.infoSpan("other").start().close();
        });

    assertThat(otel.finished()).hasSize(201);
    assertThat(otel.layer.code.walks.get()).isEqualTo(2);
  }

  @Test
  void pastTheCallsiteCapSpansStillGetCodeAttributesAndTheFirstSuchCallsiteIsReportedOnce() {
    OtelFixture otel = new OtelFixture();
    for (int i = 0; i < CodeLocations.MAX_CALLSITES; i++) {
      otel.layer.code.lookup("com.acme.Generated", "span_" + i);
    }
    List<LogRecord> logged =
        otel.runLogged(
            () -> {
              TRACER.infoSpan("late").start().close();
              TRACER.infoSpan("late").start().close();
              TRACER.infoSpan("later").start().close();
            });

    for (String name : List.of("late", "later")) {
      assertThat(otel.finished())
          .filteredOn(span -> span.getName().equals(name))
          .isNotEmpty()
          .allSatisfy(
              span ->
                  assertThat(span.getAttributes().get(AttributeKey.stringKey("code.function.name")))
                      .startsWith(OptionalAttributesTest.class.getName() + "."));
    }
    assertThat(otel.layer.code.walks.get()).isEqualTo(CodeLocations.MAX_CALLSITES + 3L);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.get(0).getMessage())
        .contains("10000 distinct span callsites")
        .contains("'" + OptionalAttributesTest.class.getName() + "' / 'late'");
  }

  /** Creates a span named {@code name}; returns the frame of the line just before its creation. */
  private static StackTraceElement createSpan(OtelFixture otel, String name) {
    StackTraceElement[] site = new StackTraceElement[1];
    otel.run(
        () -> {
          site[0] = new Throwable().getStackTrace()[0];
          Span span = TRACER.infoSpan(name).start();
          span.close();
        });
    return site[0];
  }
}
