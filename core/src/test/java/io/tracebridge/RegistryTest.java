package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.filter.EnvFilter;
import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.testfixtures.LogCapture;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static final Tracer APP = Tracer.named("com.acme.app");
  private static final Tracer DB = Tracer.named("com.acme.db");

  @Test
  void eachLayerSeesOnlyWhatItsOwnFilterPasses() {
    RecordingSubscriber everything = RecordingSubscriber.create();
    RecordingSubscriber warnings = RecordingSubscriber.create();
    Registry registry =
        Registry.builder()
            .with(everything, EnvFilter.parse("trace"))
            .with(warnings, EnvFilter.parse("warn"))
            .build();

    Dispatch.withDefault(
        registry,
        () -> {
          try (EnteredSpan request = APP.infoSpan("request").entered()) {
            DB.atDebug().log("query");
            APP.atWarn().log("slow");
          }
        });

    assertThat(everything.spans()).hasSize(1);
    assertThat(everything.events()).hasSize(2);
    assertThat(warnings.spans()).isEmpty();
    assertThat(warnings.log()).containsExactly("event slow");
  }

  @Test
  void layerThatDidNotSeeASpanGetsNoneOfItsLaterCallbacks() {
    RecordingSubscriber dbOnly = RecordingSubscriber.create();
    Registry registry =
        Registry.builder()
            .with(RecordingSubscriber.create())
            .with(dbOnly, EnvFilter.parse("com.acme.db=trace"))
            .build();

    Dispatch.withDefault(
        registry,
        () -> {
          Span span = APP.infoSpan("app_span").start();
          span.inScope(() -> span.record("x", 1));
          span.close();
        });

    assertThat(dbOnly.log()).isEmpty();
  }

  @Test
  void throwingLayerIsIsolatedLoggedOnceAndTheOtherLayersStillWork() {
    Subscriber broken =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            throw new IllegalStateException("layer bug");
          }

          @Override
          public void onNewSpan(SpanData span) {
            throw new IllegalStateException("layer bug");
          }

          @Override
          public String toString() {
            return "BrokenLayer";
          }
        };
    RecordingSubscriber healthy = RecordingSubscriber.create();
    Registry registry = Registry.builder().with(broken).with(healthy).build();
    List<LogRecord> logged =
        LogCapture.capture(
            Registry.class.getName(),
            () ->
                Dispatch.withDefault(
                    registry,
                    () -> {
                      for (int i = 0; i < 5; i++) {
                        try (EnteredSpan span = APP.infoSpan("work").entered()) {
                          APP.info("still fine");
                        }
                      }
                    }));

    assertThat(healthy.spans()).hasSize(5);
    assertThat(healthy.events()).hasSize(5);
    assertThat(registry.failureCount()).isEqualTo(10);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getMessage()).contains("BrokenLayer").contains("onNewSpan");
    assertThat(logged.get(0).getThrown()).hasMessage("layer bug");
  }

  @Test
  void throwingEnabledCheckDisablesOnlyThatLayer() {
    Subscriber broken =
        new Subscriber() {
          @Override
          public boolean enabled(Level level, String target) {
            throw new IllegalStateException("bad filter");
          }
        };
    RecordingSubscriber healthy = RecordingSubscriber.create();

    Dispatch.withDefault(
        Registry.builder().with(broken).with(healthy).build(), () -> APP.info("seen"));

    assertThat(healthy.events()).hasSize(1);
  }

  @Test
  void plainSubscriberInstalledDirectlyIsIsolatedToo() {
    Subscriber broken =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            throw new IllegalStateException("raw subscriber bug");
          }
        };

    assertThatCode(() -> Dispatch.withDefault(broken, () -> APP.info("does not throw")))
        .doesNotThrowAnyException();
  }

  @Test
  void aRegistryCannotBeALayerOfAnotherRegistry() {
    Registry inner = Registry.builder().build();

    assertThatThrownBy(() -> Registry.builder().with(inner))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be a layer");
  }

  @Test
  void maxLevelHintIsTheMostVerboseLevelAnyLayerCanPass() {
    Registry registry =
        Registry.builder()
            .with(RecordingSubscriber.create(), EnvFilter.parse("warn"))
            .with(RecordingSubscriber.create(), EnvFilter.parse("info,com.acme=debug"))
            .build();

    assertThat(registry.maxLevelHint()).isEqualTo(Level.DEBUG);
    assertThat(Registry.builder().build().maxLevelHint()).isNull();
  }
}
