package io.tracebridge.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Level;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.testing.RecordedEvent;
import io.tracebridge.testing.RecordingSubscriber;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;

class Slf4jProviderTest {
  private static final Tracer TRACER = Tracer.forClass(Slf4jProviderTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private void run(Runnable action) {
    Dispatch.withDefault(recorder, action);
  }

  @Test
  void slf4jFindsThisProviderOnTheClassPath() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(TracebridgeLoggerFactory.class);
    assertThat(LoggerFactory.getLogger("com.acme.Checkout")).isInstanceOf(TracebridgeLogger.class);
  }

  @Test
  void aCallInsideASpanIsAnEventOfThatSpanWithTheLoggerNameAsTarget() {
    Logger log = LoggerFactory.getLogger("com.acme.Checkout");
    run(
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("checkout").entered()) {
            log.info("cart loaded with {} items for {}", 3, "user-42");
          }
        });

    RecordedEvent event = recorder.event("cart loaded with 3 items for user-42");
    assertThat(event.level()).isEqualTo(Level.INFO);
    assertThat(event.target()).isEqualTo("com.acme.Checkout");
    assertThat(event.spanPath()).containsExactly("checkout");
  }

  @Test
  void everySlf4jLevelMapsToTheTracebridgeLevelOfTheSameName() {
    Logger log = LoggerFactory.getLogger("com.acme.Levels");
    run(
        () -> {
          log.trace("t");
          log.debug("d");
          log.info("i");
          log.warn("w");
          log.error("e");
        });

    assertThat(recorder.events())
        .extracting(RecordedEvent::level)
        .containsExactly(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
  }

  @Test
  void aFilterOnTheLoggerNameSilencesItAndItsLevelChecksSayFalse() {
    Registry registry =
        Registry.builder().with(recorder, EnvFilter.parse("info,com.acme.noisy=warn")).build();
    Logger noisy = LoggerFactory.getLogger("com.acme.noisy.Poller");
    Logger other = LoggerFactory.getLogger("com.acme.Orders");
    Dispatch.withDefault(
        registry,
        () -> {
          assertThat(noisy.isInfoEnabled()).isFalse();
          assertThat(noisy.isWarnEnabled()).isTrue();
          assertThat(other.isInfoEnabled()).isTrue();
          assertThat(other.isDebugEnabled()).isFalse();
          noisy.info("polled");
          noisy.atInfo().addKeyValue("n", 1).log("polled fluently");
          noisy.warn("poll failed");
          other.info("order placed");
          other.debug("order details");
        });

    assertThat(recorder.events())
        .extracting(RecordedEvent::message)
        .containsExactly("poll failed", "order placed");
  }

  @Test
  void fluentKeyValuesBecomeTypedFields() {
    Logger log = LoggerFactory.getLogger("com.acme.Orders");
    run(
        () ->
            log.atInfo()
                .addKeyValue("order_id", 981L)
                .addKeyValue("items", 3)
                .addKeyValue("total", 59.9)
                .addKeyValue("express", true)
                .addKeyValue("currency", "EUR")
                .log("order placed"));

    Map<String, Object> fields = recorder.event("order placed").fields();
    assertThat(fields)
        .containsEntry("order_id", 981L)
        .containsEntry("items", 3L)
        .containsEntry("total", 59.9)
        .containsEntry("express", true)
        .containsEntry("currency", "EUR");
  }

  @Test
  void aThrowableBecomesTheEventsErrorWhetherPassedAloneOrAfterTheArguments() {
    Logger log = LoggerFactory.getLogger("com.acme.Payments");
    IOException timeout = new IOException("timeout");
    IllegalStateException declined = new IllegalStateException("declined");
    run(
        () -> {
          log.error("payment failed", timeout);
          log.warn("retrying {} after {}", "charge", "1s", declined);
          log.atError().setCause(timeout).log("fluent failure");
        });

    assertThat(recorder.event("payment failed").error()).isSameAs(timeout);
    RecordedEvent retry = recorder.event("retrying charge after 1s");
    assertThat(retry.error()).isSameAs(declined);
    assertThat(recorder.event("fluent failure").error()).isSameAs(timeout);
  }

  @Test
  void mdcEntriesBecomeStringFields() {
    Logger log = LoggerFactory.getLogger("com.acme.Orders");
    MDC.put("tenant", "acme");
    MDC.put("request_id", "r-7");
    run(() -> log.info("with context"));

    assertThat(recorder.event("with context").fields())
        .containsEntry("tenant", "acme")
        .containsEntry("request_id", "r-7");
  }

  @Test
  void mdcFieldsCanBeTurnedOff() {
    BasicMDCAdapter mdc = new BasicMDCAdapter();
    mdc.put("tenant", "acme");
    Logger log =
        new TracebridgeLoggerFactory(new Slf4jSettings(false), mdc).getLogger("com.acme.Orders");
    run(() -> log.info("without context"));

    assertThat(recorder.event("without context").fields()).doesNotContainKey("tenant");
  }

  @Test
  void markersBecomeOneMarkerFieldWithTheirNames() {
    Logger log = LoggerFactory.getLogger("com.acme.Audit");
    run(
        () -> {
          log.info(MarkerFactory.getMarker("AUDIT"), "user deleted");
          log.atInfo()
              .addMarker(MarkerFactory.getMarker("AUDIT"))
              .addMarker(MarkerFactory.getMarker("SECURITY"))
              .log("password reset");
        });

    assertThat(recorder.event("user deleted").field("marker")).isEqualTo("AUDIT");
    assertThat(recorder.event("password reset").field("marker")).isEqualTo("AUDIT,SECURITY");
  }

  @Test
  void aLayerThatLogsThroughSlf4jWhileHandlingAnSlf4jEventCannotRecurse() {
    Logger log = LoggerFactory.getLogger("com.acme.Loop");
    long before = TracebridgeLogger.reentrantDrops();
    Subscriber chatty =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            log.info("echo of " + event.message());
          }
        };
    Registry registry = Registry.builder().with(recorder).with(chatty).build();
    Dispatch.withDefault(registry, () -> log.info("original"));

    assertThat(recorder.events()).extracting(RecordedEvent::message).containsExactly("original");
    assertThat(TracebridgeLogger.reentrantDrops()).isEqualTo(before + 1);
  }

  @Test
  void aBadMdcSettingFailsTheStartWithAMessageThatNamesIt() {
    System.setProperty(Slf4jSettings.MDC_PROPERTY, "sometimes");
    try {
      assertThatThrownBy(Slf4jSettings::fromEnvironment)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tracebridge.slf4j.mdc")
          .hasMessageContaining("'sometimes'");
    } finally {
      System.clearProperty(Slf4jSettings.MDC_PROPERTY);
    }
  }

  @Test
  void eventsWithoutASpanAreStillRecordedAsRootEvents() {
    Logger log = LoggerFactory.getLogger("com.acme.Startup");
    run(() -> log.info("started"));

    assertThat(recorder.event("started").spanId()).isNull();
    assertThat(recorder.events()).hasSize(1);
    assertThat(List.of(recorder.event("started").target())).containsExactly("com.acme.Startup");
  }

  @Test
  void aKeyValueWhoseRenderingThrowsNeverReachesTheCaller() {
    Logger log = LoggerFactory.getLogger("com.acme.Hostile");
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("toString bomb");
          }
        };
    run(
        () -> {
          log.atInfo().addKeyValue("payload", hostile).log("with a hostile value");
          log.info("and after it");
        });

    assertThat(recorder.events()).extracting(RecordedEvent::message).contains("and after it");
  }
}
