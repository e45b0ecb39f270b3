package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LostContextExampleTest {
  private static final String TARGET = "io.tracebridge.demo.examples.LostContextExample";

  @Test
  void plainSubmissionLosesTheSpanAndEachFixKeepsIt() {
    List<String> lines = ConsoleCapture.runWithoutTimestamps(LostContextExample::run);

    assertThat(lines)
        .containsExactly(
            " INFO main request{id=\"req-7\"}: " + TARGET + ": submitting work",
            " INFO lost-1 " + TARGET + ": working (pitfall: no span)",
            " INFO lost-1 request{id=\"req-7\"}: " + TARGET + ": working (fix 1: span.wrap)",
            " INFO fixed-1 request{id=\"req-7\"}: "
                + TARGET
                + ": working (fix 2: TracingExecutors.wrap)",
            // The console enables TRACE here, so the optional span exists and the task runs in it.
            " INFO lost-1 request{id=\"req-7\"}:optional_detail: "
                + TARGET
                + ": working (fix 3: orCurrent)");
  }

  @Test
  void orCurrentFallsBackToTheEnclosingSpanWhenTheOptionalSpanIsDisabled() {
    var console =
        io.tracebridge.Registry.builder()
            .with(
                io.tracebridge.fmt.FmtLayer.builder().build(),
                io.tracebridge.filter.EnvFilter.parse("info"))
            .build();
    List<String> lines =
        ConsoleCapture.runWithoutTimestamps(
            () -> io.tracebridge.Dispatch.withDefault(console, LostContextExample::run));

    assertThat(lines)
        .contains(" INFO lost-1 request{id=\"req-7\"}: " + TARGET + ": working (fix 3: orCurrent)");
  }
}
