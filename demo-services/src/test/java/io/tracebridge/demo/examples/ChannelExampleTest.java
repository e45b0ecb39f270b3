package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChannelExampleTest {
  private static final Pattern PROCESSED =
      Pattern.compile(
          " INFO worker produce\\{batch=(\\d)\\}:consume\\{item=(\\d+)\\}:"
              + " io\\.tracebridge\\.demo\\.examples\\.ChannelExample: processed item"
              + " squared=(\\d+)");

  @Test
  void workerProcessesEachItemInsideTheProducerSpanThatSentIt() {
    List<String> lines = ConsoleCapture.runWithoutTimestamps(ChannelExample::run);

    List<String> processed = lines.stream().filter(l -> l.contains("processed item")).toList();
    assertThat(processed).hasSize(4);
    for (String line : processed) {
      Matcher m = PROCESSED.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      int batch = Integer.parseInt(m.group(1));
      long item = Long.parseLong(m.group(2));
      assertThat(item).isBetween(batch * 10L - 9, batch * 10L - 8);
      assertThat(Long.parseLong(m.group(3))).isEqualTo(item * item);
    }
    assertThat(lines)
        .contains(
            " INFO main produce{batch=1}: io.tracebridge.demo.examples.ChannelExample: sending"
                + " item=1")
        .contains(
            " INFO main produce{batch=2}: io.tracebridge.demo.examples.ChannelExample: sending"
                + " item=12");
  }
}
