package io.tracebridge.jul;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JulHandlerTest {
  private static final Tracer TRACER = Tracer.forClass(JulHandlerTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();
  private final JulHandler handler = new JulHandler();
  // A library's logger, as gRPC's are named; kept off the root so other tests see no change.
  private final Logger grpc = libraryLogger("io.grpc.internal.ManagedChannelImpl");

  private Logger libraryLogger(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setUseParentHandlers(false);
    logger.setLevel(java.util.logging.Level.ALL);
    logger.addHandler(handler);
    return logger;
  }

  @AfterEach
  void detach() {
    for (String name :
        new String[] {"io.grpc.internal.ManagedChannelImpl", "io.tracebridge.SomethingInternal"}) {
      Logger logger = Logger.getLogger(name);
      logger.removeHandler(handler);
      logger.setUseParentHandlers(true);
      logger.setLevel(null);
    }
  }

  @Test
  void aLibrarysWarningInsideASpanIsAnEventOfThatSpanWithTheLoggerAsTarget() {
    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("call_pricing").entered()) {
            grpc.warning("channel shutdown in progress");
          }
        });

    RecordedEvent event = recorder.event("channel shutdown in progress");
    assertThat(event.level()).isEqualTo(Level.WARN);
    assertThat(event.target()).isEqualTo("io.grpc.internal.ManagedChannelImpl");
    assertThat(event.spanPath()).containsExactly("call_pricing");
  }

  @Test
  void julLevelsMapByValue() {
    Dispatch.withDefault(
        recorder,
        () -> {
          grpc.severe("severe");
          grpc.warning("warning");
          grpc.info("info");
          grpc.config("config");
          grpc.fine("fine");
          grpc.finer("finer");
          grpc.finest("finest");
        });

    assertThat(recorder.events())
        .extracting(RecordedEvent::level)
        .containsExactly(
            Level.ERROR,
            Level.WARN,
            Level.INFO,
            Level.DEBUG,
            Level.DEBUG,
            Level.TRACE,
            Level.TRACE);
  }

  @Test
  void parametersAreFormattedAsJulFormatsThemAndAThrownExceptionIsTheError() {
    IOException reset = new IOException("connection reset");
    Dispatch.withDefault(
        recorder,
        () -> {
          grpc.log(java.util.logging.Level.INFO, "retry {0} of {1}", new Object[] {2, 5});
          grpc.log(java.util.logging.Level.WARNING, "stream failed", reset);
        });

    assertThat(recorder.event("retry 2 of 5").level()).isEqualTo(Level.INFO);
    assertThat(recorder.event("stream failed").error()).isSameAs(reset);
  }

  @Test
  void aFilterOnTheLoggerNameAppliesAsToTracebridgesOwnEvents() {
    Registry registry =
        Registry.builder().with(recorder, EnvFilter.parse("info,io.grpc=warn")).build();
    Dispatch.withDefault(
        registry,
        () -> {
          grpc.info("routine");
          grpc.warning("unusual");
        });

    assertThat(recorder.events()).extracting(RecordedEvent::message).containsExactly("unusual");
  }

  @Test
  void tracebridgesOwnLoggersAreLeftToTheOtherHandlers() {
    Logger own = libraryLogger("io.tracebridge.SomethingInternal");
    Dispatch.withDefault(recorder, () -> own.warning("a layer failed"));

    assertThat(recorder.events()).isEmpty();
  }

  @Test
  void aSubscriberThatLogsThroughJulCannotMakeTheHandlerRecurse() {
    Subscriber chatty =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            grpc.info("echo of " + event.message());
          }
        };
    Registry registry = Registry.builder().with(recorder).with(chatty).build();
    Dispatch.withDefault(registry, () -> grpc.info("original"));

    assertThat(recorder.events()).extracting(RecordedEvent::message).containsExactly("original");
    assertThat(handler.reentrantDrops()).isEqualTo(1);
  }

  @Test
  void installAddsOneHandlerToTheRootLoggerAndUninstallRemovesIt() {
    Logger root = Logger.getLogger("");
    try {
      JulHandler first = JulHandler.install();
      JulHandler again = JulHandler.install();
      assertThat(again).isSameAs(first);
      assertThat(Arrays.stream(root.getHandlers()).filter(h -> h == first)).hasSize(1);
    } finally {
      JulHandler.uninstall();
    }
    assertThat(root.getHandlers()).noneMatch(h -> h instanceof JulHandler);
  }
}
