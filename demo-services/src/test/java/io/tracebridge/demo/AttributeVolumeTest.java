package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Counts the attributes on each span of one demo request (the first checkout, 200), as exported,
 * and pins the totals, so that a change in volume is a decision and never an accident. The
 * integration spans (HTTP and gRPC, client and server) carry what OpenTelemetry's instrumentation
 * carries for the same request (see docs/okhttp.md and docs/grpc.md); the demo's own spans carry
 * their fields plus the bridge's thread, code and busy/idle attributes (docs/bridge-mapping.md).
 */
class AttributeVolumeTest {
  @Test
  void oneCheckoutsSpansCarryThePinnedAttributeCounts() throws Exception {
    Map<RunDemo.Result, List<DemoSpan>> traces =
        RunDemo.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Path.of("target", "demo-logs", "attribute-volume-test"));
    List<DemoSpan> first = traces.values().iterator().next();

    Map<String, Integer> counts = new TreeMap<>();
    for (DemoSpan span : first) {
      counts.merge(
          span.service() + " " + span.name() + " [" + span.kind() + "]",
          span.attributes().size(),
          Integer::sum);
      System.out.println(
          "[volume] "
              + span.service()
              + " "
              + span.name()
              + " kind="
              + span.kind()
              + " "
              + span.attributes().size()
              + " "
              + span.attributes());
    }
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println("[volume] total " + total + " over " + first.size() + " spans: " + counts);
    assertThat(first)
        .allSatisfy(
            s ->
                assertThat(s.serviceVersion())
                    .as("service.version of %s", s.service())
                    .isNotBlank());
    assertThat(counts).isEqualTo(EXPECTED);
    assertThat(total).isEqualTo(102);
  }

  /**
   * Integration spans: an HTTP server span 13 (what OpenTelemetry's HTTP server instrumentation
   * sets for the same request), the OkHttp client span 8, each gRPC span 8 (as {@code
   * GrpcTelemetry} on the stable conventions); 50 in all for the four integration kinds of one
   * checkout. The demo's own spans: their fields plus the bridge's 7 (thread.id, thread.name,
   * code.function.name, code.file.path, code.line.number, busy_ns, idle_ns); 52. Total 102.
   */
  private static final Map<String, Integer> EXPECTED =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("backend GET /inventory [2]", 13),
              Map.entry("backend check_stock [1]", 10),
              Map.entry("backend price_rules [1]", 8),
              Map.entry("backend reserve_stock [5]", 9),
              Map.entry("backend tracebridge.demo.Pricing/Quote [2]", 8),
              Map.entry("frontend GET /checkout [2]", 13),
              Map.entry("frontend GET [3]", 8),
              Map.entry("frontend apply_discounts [1]", 8),
              Map.entry("frontend checkout [1]", 9),
              Map.entry("frontend tracebridge.demo.Pricing/Quote [3]", 8),
              Map.entry("frontend validate_cart [1]", 8)));
}
