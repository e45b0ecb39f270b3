package io.tracebridge.demo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributedExampleTest {
  @Test
  void serverSpanContinuesTheClientsTraceThroughTheHashMapCarrierAlone() {
    List<String> lines = ConsoleCapture.runWithoutTimestamps(() -> {
      ConsoleCapture.SPANS.reset();
      DistributedExample.run();
    });

    SpanData client = exported("send_request");
    SpanData server = exported("handle_request");
    SpanData query = exported("query_stock");
    assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(server.getParentSpanContext().isRemote()).isTrue();
    assertThat(query.getParentSpanId()).isEqualTo(server.getSpanId());

    String traceparent = "00-" + client.getTraceId() + "-" + client.getSpanId() + "-"
        + client.getSpanContext().getTraceFlags().asHex();
    assertThat(lines).contains(
        " INFO main send_request{otel.kind=\"client\"}: "
            + "io.tracebridge.demo.examples.DistributedExample.client: sending traceparent=\""
            + traceparent + "\"",
        " INFO server handle_request{otel.kind=\"server\"}: "
            + "io.tracebridge.demo.examples.DistributedExample.server: handling remote_trace_id=\""
            + client.getTraceId() + "\"");
  }

  private static SpanData exported(String name) {
    List<SpanData> matches =
        ConsoleCapture.SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(matches).as("exported spans named %s", name).hasSize(1);
    return matches.get(0);
  }
}
