package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NestedErrorsExampleTest {
  private static final String HANDLER =
      "io.tracebridge.demo.examples.NestedErrorsExample$ConnectionHandler";
  private static final String SERVICE =
      "io.tracebridge.demo.examples.NestedErrorsExample$Connections";
  private static final String ERROR = "error=java.io.IOException: timeout";

  @Test
  void failureIsLoggedInTheInnerSpanAndRecordedOnceOnEachSpan() {
    List<String> lines =
        ConsoleCapture.runWithoutTimestamps(NestedErrorsExample::run).stream()
            .map(l -> l.replaceFirst(" conn-pool-\\d ", " conn-pool-N "))
            .toList();

    assertThat(lines)
        .contains(
            "ERROR conn-pool-N handle_connection{id=\"conn-2\"}:fetch_data{id=\"conn-2\"}: "
                + HANDLER
                + ": Simulated failure id=\"conn-2\"",
            "ERROR conn-pool-N handle_connection{id=\"conn-2\"}:fetch_data{id=\"conn-2\"}: "
                + SERVICE
                + ": "
                + ERROR,
            "ERROR conn-pool-N handle_connection{id=\"conn-2\"}: " + SERVICE + ": " + ERROR);
    assertThat(lines.stream().filter(l -> l.endsWith(ERROR))).hasSize(2);
  }

  @Test
  void theHealthyConnectionIsUnaffectedAndTheSkippedStreamIsNotRecorded() {
    List<String> lines =
        ConsoleCapture.runWithoutTimestamps(NestedErrorsExample::run).stream()
            .map(l -> l.replaceFirst(" conn-pool-\\d ", " conn-pool-N "))
            .toList();

    assertThat(lines)
        .contains(
            " INFO conn-pool-N handle_connection{id=\"conn-1\"}: "
                + HANDLER
                + ": Data fetched data_len=3");
    assertThat(lines).noneMatch(l -> l.contains("conn-1") && l.contains("ERROR"));
    assertThat(lines).noneMatch(l -> l.contains("stream="));
  }
}
