package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllExamplesTest {
  @Test
  void demoRunsEveryScenarioUnderItsHeadingInSeedOrder() {
    List<String> lines = ConsoleCapture.run(AllExamples::runAll);

    List<String> headings = lines.stream().filter(l -> l.startsWith("=== ")).toList();
    assertThat(headings).hasSize(9);
    assertThat(headings)
        .containsExactlyElementsOf(
            AllExamples.examples().keySet().stream().map(k -> "=== " + k).toList());
    for (int i = 0; i < headings.size(); i++) {
      int start = lines.indexOf(headings.get(i));
      String next = lines.get(start + 1);
      assertThat(next).as("first line of %s", headings.get(i)).isNotBlank();
    }
  }
}
