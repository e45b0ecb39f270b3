package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilterExampleTest {
  private static final String APP = "io.tracebridge.demo.examples.FilterExample";
  private static final String CACHE = "io.tracebridge.demo.examples.FilterExample$Cache";

  @Test
  void infoHidesTheDebugSpanAndItsDebugEventButKeepsItsInfoEvent() {
    List<String> lines = section(0);

    assertThat(lines)
        .containsExactly(
            " INFO main handle{path=\"/items/7\"}: " + CACHE + ": loading from database",
            " INFO main handle{path=\"/items/7\"}: " + APP + ": handled");
  }

  @Test
  void targetDirectiveBringsBackDebugOutputForThatTargetOnly() {
    List<String> lines = section(1);

    assertThat(lines)
        .containsExactly(
            "DEBUG main handle{path=\"/items/7\"}:cache_lookup{key=\"item:7\"}: "
                + CACHE
                + ": cache miss hit=false",
            " INFO main handle{path=\"/items/7\"}:cache_lookup{key=\"item:7\"}: "
                + CACHE
                + ": loading from database",
            " INFO main handle{path=\"/items/7\"}: " + APP + ": handled");
  }

  /** Returns the lines printed under the {@code index}-th directive, timestamps removed. */
  private static List<String> section(int index) {
    List<String> all = ConsoleCapture.run(FilterExample::run);
    String header = "# TRACEBRIDGE_LOG=" + FilterExample.DIRECTIVES[index];
    int start = all.indexOf(header);
    assertThat(start).as("header %s in %s", header, all).isNotNegative();
    int end = start + 1;
    while (end < all.size() && !all.get(end).startsWith("#")) {
      end++;
    }
    return all.subList(start + 1, end).stream().map(ConsoleCapture::withoutTimestamp).toList();
  }
}
