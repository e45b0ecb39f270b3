package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributedExampleTest {
  @Test
  void consumerSpanContinuesTheProducersTraceThroughAJsonMessageAlone() {
    List<String> lines =
        ConsoleCapture.runWithoutTimestamps(
            () -> {
              ConsoleCapture.SPANS.reset();
              DistributedExample.run();
            });

    List<SpanData> sends = exported("send_order");
    List<SpanData> processes = exported("process_order");
    assertThat(sends).hasSize(2);
    assertThat(processes).hasSize(2);
    for (SpanData process : processes) {
      SpanData send =
          sends.stream()
              .filter(s -> s.getTraceId().equals(process.getTraceId()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no producer span in trace " + process.getTraceId()));
      assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
      assertThat(process.getParentSpanContext().isRemote()).isTrue();
      SpanData reserve =
          exported("reserve_stock").stream()
              .filter(r -> r.getParentSpanId().equals(process.getSpanId()))
              .findFirst()
              .orElseThrow();
      assertThat(reserve.getTraceId()).isEqualTo(send.getTraceId());
      // The console leaves out the otel.* control fields (otel.kind here).
      assertThat(lines)
          .contains(
              " INFO consumer process_order{order=\""
                  + process
                      .getAttributes()
                      .get(io.opentelemetry.api.common.AttributeKey.stringKey("order"))
                  + "\"}: io.tracebridge.demo.examples.DistributedExample.consumer: processing"
                  + " remote_trace_id=\""
                  + send.getTraceId()
                  + "\"");
    }
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        " INFO producer send_order: .*: sending"
                            + " message=\"\\{\\\\\"order\\\\\":\\\\\"A-1\\\\\",\\\\\"trace\\\\\":\\{\\\\\"traceparent\\\\\":\\\\\"00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]\\\\\"\\}\\}\""));
  }

  private static List<SpanData> exported(String name) {
    return ConsoleCapture.SPANS.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .toList();
  }
}
