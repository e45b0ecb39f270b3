package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Fields;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * One span that lives long and records on every tick: a million events and a million distinct field
 * names. Its memory is bounded by the caps (128 events and 128 attributes by default, 128 local
 * fields), whatever the count, and what went over is counted as dropped.
 */
class LongLivedSpanTest {
  private static final Tracer TRACER = Tracer.forClass(LongLivedSpanTest.class);
  static final int TICKS = 1_000_000;

  @Test
  void aMillionEventsAndFieldNamesOnOneSpanKeepItsMemoryBoundedByTheCaps() {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .build();
    OpenTelemetryLayer layer =
        OpenTelemetryLayer.builder(sdk)
            .threadAttributes(false)
            .codeAttributes(false)
            .timingAttributes(false)
            .build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long[] growth = new long[1];
    long[] dropped = new long[1];
    long[] droppedNames = new long[1];
    long namesBefore = Fields.droppedNameCount();

    Dispatch.withDefault(
        Registry.builder().with(layer).build(),
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("long_lived").entered()) {
            long before = usedAfterGc(memory);
            for (int i = 0; i < TICKS; i++) {
              TRACER.atInfo().field("tick", i).log("tick");
              span.span().record("key_" + i, i);
            }
            growth[0] = usedAfterGc(memory) - before;
            dropped[0] = layer.droppedEventsOverSpanCap();
            droppedNames[0] = Fields.droppedNameCount() - namesBefore;
            assertThat(span.span().data().fields().asMap()).hasSize(Fields.MAX_FIELDS);
          }
        });

    SpanData span = exported.getFinishedSpanItems().get(0);
    System.out.printf(
        "[long-lived] %,d events and %,d field names on one span: heap grew %,d KiB while it was"
            + " open; it kept %d events and %d attributes; the bridge counted %,d events dropped,"
            + " the core %,d field names%n",
        TICKS,
        TICKS,
        growth[0] / 1024,
        span.getEvents().size(),
        span.getAttributes().size(),
        dropped[0],
        droppedNames[0]);
    assertThat(span.getEvents()).hasSize(OpenTelemetryLayer.DEFAULT_MAX_EVENTS);
    assertThat(span.getAttributes().size()).isEqualTo(Fields.MAX_FIELDS);
    assertThat(span.getTotalRecordedEvents()).isEqualTo(OpenTelemetryLayer.DEFAULT_MAX_EVENTS);
    assertThat(dropped[0]).isEqualTo(TICKS - OpenTelemetryLayer.DEFAULT_MAX_EVENTS);
    assertThat(droppedNames[0]).isEqualTo(TICKS - Fields.MAX_FIELDS);
    // A million retained events alone would be over 100 MB; the caps keep it to kilobytes.
    assertThat(growth[0]).isLessThan(8L * 1024 * 1024);
    sdk.close();
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
