package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncExampleTest {
  @Test
  void innerEventShowsBothSpansAndOuterEventOnlyTheOuter() {
    var lines = ConsoleCapture.runWithoutTimestamps(SyncExample::run);

    assertThat(lines)
        .containsExactly(
            " WARN main sync_tracing: io.tracebridge.demo.examples.SyncExample: event 1",
            " WARN main sync_tracing:sync_tracing_sub: io.tracebridge.demo.examples.SyncExample:"
                + " event 2");
  }
}
