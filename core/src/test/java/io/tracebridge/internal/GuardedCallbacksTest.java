package io.tracebridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.testfixtures.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class GuardedCallbacksTest {
  // Held here: JUL keeps loggers weakly, and a collected one would forget its level.
  private final Logger log = Logger.getLogger(GuardedCallbacksTest.class.getName());

  GuardedCallbacksTest() {
    log.setUseParentHandlers(false);
    log.setLevel(Level.ALL);
  }

  @Test
  void aThrowingCallbackNeitherEscapesNorStopsTheOnesAfterIt() {
    List<String> calls = new ArrayList<>();
    Consumer<String> failing =
        s -> {
          throw new IllegalStateException("boom " + s);
        };
    Consumer<String> recording = calls::add;
    GuardedCallbacks<Consumer<String>> guarded =
        GuardedCallbacks.of(List.of(failing, recording), "extractor", log);

    guarded.forEach(c -> c.accept("a"));
    guarded.forEach(c -> c.accept("b"));

    assertThat(calls).containsExactly("a", "b");
    assertThat(guarded.failures(0)).isEqualTo(2);
    assertThat(guarded.failures(1)).isZero();
  }

  @Test
  void onlyTheFirstFailureOfACallbackIsAWarningAndLaterOnesAreCountedAtFine() {
    Consumer<String> failing =
        s -> {
          throw new IllegalStateException("boom");
        };
    GuardedCallbacks<Consumer<String>> guarded =
        GuardedCallbacks.of(List.of(failing), "attributes extractor", log);

    List<LogRecord> records =
        LogCapture.capture(
            log.getName(),
            () -> {
              for (int i = 0; i < 5; i++) {
                guarded.forEach(c -> c.accept("x"));
              }
            });

    assertThat(records.stream().filter(r -> r.getLevel() == Level.WARNING)).hasSize(1);
    LogRecord first = records.get(0);
    assertThat(first.getMessage()).startsWith("attributes extractor ").contains("failed");
    assertThat(first.getThrown()).hasMessage("boom");
    assertThat(records.stream().filter(r -> r.getLevel() == Level.FINE)).hasSize(4);
    assertThat(records.get(4).getMessage()).contains("5 failures so far");
  }

  @Test
  void noCallbacksIsEmpty() {
    assertThat(GuardedCallbacks.of(List.of(), "extractor", log).isEmpty()).isTrue();
  }
}
