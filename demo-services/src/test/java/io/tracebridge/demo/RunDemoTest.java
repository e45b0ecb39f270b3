package io.tracebridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's run command: two JVMs, four requests, a waterfall per trace, both services stopped. */
class RunDemoTest {
  @Test
  void theEmbeddedDemoPrintsAWaterfallPerTraceAcrossBothServicesAndStopsThem() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<RunDemo.Result, List<DemoSpan>> traces =
        RunDemo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Path.of("target", "demo-logs", "run-demo-test"));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(traces).hasSize(4);
    assertThat(traces.keySet()).extracting(RunDemo.Result::status).containsExactly(200, 200, 404, 502);
    traces.forEach((result, spans) -> {
      assertThat(spans).as(result.query()).extracting(DemoSpan::service).contains("frontend", "backend");
      assertThat(spans).as(result.query()).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(result.traceId()));
    });
    List<DemoSpan> ok = traces.entrySet().iterator().next().getValue();
    DemoSpan grpcClient = ok.stream().filter(s -> s.name().equals("tracebridge.demo.Pricing/Quote") && s.kind() == 3).findFirst().orElseThrow();
    DemoSpan grpcServer = ok.stream().filter(s -> s.name().equals("tracebridge.demo.Pricing/Quote") && s.kind() == 2).findFirst().orElseThrow();
    assertThat(grpcServer.parentSpanId()).isEqualTo(grpcClient.spanId());
    assertThat(grpcServer.service()).isEqualTo("backend");
    assertThat(out).contains("trace " + traces.keySet().iterator().next().traceId())
        .containsPattern("frontend +GET /checkout \\[server\\] +\\|█+")
        .containsPattern("backend +reserve_stock \\[consumer\\]")
        .contains("stopped backend and frontend");
    assertThat(out.lines().filter(l -> l.startsWith("trace ")).count()).isEqualTo(4);
  }
}
