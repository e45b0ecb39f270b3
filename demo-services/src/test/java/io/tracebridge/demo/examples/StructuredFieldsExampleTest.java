package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StructuredFieldsExampleTest {
  private static final String TARGET =
      "io.tracebridge.demo.examples.StructuredFieldsExample$UserService";

  @Test
  void identifiersAndLatencyArePrintedAsTypedFieldsNotInTheMessage() {
    var lines = ConsoleCapture.runWithoutTimestamps(StructuredFieldsExample::run);

    assertThat(lines)
        .containsExactly(
            " INFO main fetch_user{user_id=42}: " + TARGET + ": Fetching user user_id=42",
            " INFO main fetch_user{user_id=1001}: " + TARGET + ": Fetching user user_id=1001",
            " WARN main fetch_user{user_id=1001}: "
                + TARGET
                + ": High latency detected user_id=1001 latency_ms=50");
  }
}
