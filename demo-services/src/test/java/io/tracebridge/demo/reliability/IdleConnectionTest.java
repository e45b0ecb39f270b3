package io.tracebridge.demo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracebridge.demo.DemoSpan;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A checkout after the connections went idle is as clean as the first: the frontend's OkHttp pool
 * lets idle connections go before the backend's JDK server closes them, so no request goes out on a
 * dead connection ("unexpected end of stream", a retry, and a red attempt in a 200 trace). The
 * servers' idle timeout is cut to 2 s here (the pool then keeps connections 1 s) so that the test
 * waits seconds, not the 30 s of the default.
 */
class IdleConnectionTest {
  @Test
  void aCheckoutAfterTheIdleTimeoutHasElevenSpansAndNoErrorAttempt() throws Exception {
    List<String> traceIds = new ArrayList<>();
    DemoPair pair =
        DemoPair.start(
            "idle-connections",
            Map.of("OTEL_TRACES_EXPORTER", "logging-otlp"),
            // The JDK checks for idle connections on a timer (10 s by default): tick faster here.
            List.of(
                "-Dsun.net.httpserver.idleInterval=2",
                "-Dsun.net.httpserver.clockTick=200",
                "-Dsun.net.httpserver.idleTimerScheduleMillis=200"));
    try {
      assertThat(pair.checkout(42, 3, traceIds)).isPositive();
      Thread.sleep(4_500); // past the server's idle timeout: it has closed its side
      assertThat(pair.checkout(42, 3, traceIds)).isPositive();
      // The spans go out on the batch processor's 100 ms schedule, as OTLP JSON on standard error;
      // let them, rather than rely on the shutdown flush racing java.util.logging's own shutdown.
      Thread.sleep(1_500);
    } finally {
      pair.close();
    }

    List<DemoSpan> spans = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String service : List.of("frontend", "backend")) {
      for (String line : Files.readAllLines(pair.logs().resolve(service + ".err"))) {
        int brace = line.indexOf("{\"resource\"");
        if (brace >= 0) {
          spans.addAll(DemoSpan.fromOtlpJson(json.readTree(line.substring(brace))));
        }
      }
    }
    List<DemoSpan> second =
        spans.stream().filter(s -> s.traceId().equals(traceIds.get(1))).toList();
    assertThat(second).as("the checkout after idling").hasSize(11).noneMatch(DemoSpan::error);
    assertThat(second)
        .filteredOn(s -> s.kind() == 3 && s.name().equals("GET"))
        .hasSize(1); // no retried attempt
  }
}
