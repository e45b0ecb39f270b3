package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AsyncExampleTest {
  private static final String TARGET = "io.tracebridge.demo.examples.AsyncExample$Requests";
  private static final Pattern CLOSE =
      Pattern.compile(
          ".*: close time\\.busy=([0-9.]+)(ns|µs|ms|s) time\\.idle=([0-9.]+)(ns|µs|ms|s)$");

  @Test
  void bothHalvesOfEachRequestLogInsideAppStartAndProcessRequest() {
    List<String> lines = ConsoleCapture.runWithoutTimestamps(AsyncExample::run);

    for (String id : new String[] {"req-1", "req-2"}) {
      String scope = "app-start:process_request{id=\"" + id + "\"}: ";
      assertThat(lines).contains(" INFO main " + scope + TARGET + ": Processing request");
      assertThat(lines)
          .anySatisfy(
              l ->
                  assertThat(l)
                      .matches(" INFO async-\\d " + Pattern.quote(scope + TARGET) + ": Done"));
    }
    assertThat(
            lines.indexOf(
                " INFO main app-start:process_request{id=\"req-2\"}: "
                    + TARGET
                    + ": Processing request"))
        .as("req-2 starts after req-1 is done")
        .isGreaterThan(indexOfMatch(lines, ".*req-1.*: Done"));
  }

  @Test
  void eachRequestSpanIsIdleWhileItsFutureWaitsForTheDelay() {
    List<String> lines = ConsoleCapture.runWithoutTimestamps(AsyncExample::run);

    List<String> closes =
        lines.stream()
            .filter(l -> l.contains("process_request{") && l.contains(": close "))
            .toList();
    assertThat(closes).hasSize(2);
    for (String close : closes) {
      Matcher m = CLOSE.matcher(close);
      assertThat(m.matches()).as(close).isTrue();
      // The chain waits 100 ms on a timer with nothing entered: that time is idle, not busy.
      assertThat(nanos(m.group(3), m.group(4))).isGreaterThanOrEqualTo(50_000_000L);
    }
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(" app-start: io.tracebridge.demo.examples.AsyncExample: close "));
  }

  private static int indexOfMatch(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + regex + " in " + lines);
  }

  private static long nanos(String value, String unit) {
    double v = Double.parseDouble(value);
    switch (unit) {
      case "ns":
        return (long) v;
      case "µs":
        return (long) (v * 1e3);
      case "ms":
        return (long) (v * 1e6);
      default:
        return (long) (v * 1e9);
    }
  }
}
