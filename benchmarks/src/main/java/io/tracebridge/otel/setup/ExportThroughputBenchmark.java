package io.tracebridge.otel.setup;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.benchmarks.BenchLogging;
import io.tracebridge.benchmarks.CountingExporter;
import io.tracebridge.benchmarks.LocalOtlpReceiver;
import io.tracebridge.otel.OpenTelemetryLayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Target 7: spans per second offered through a BatchSpanProcessor (default settings: queue 2048,
 * batch 512, 5 s delay) into the real OTLP/HTTP exporter sending to a loopback receiver, through
 * our bridge and through the raw OTel API, each with the OkHttp sender (the SDK's default) and the
 * JDK HttpClient sender. The score is spans offered per second; at tear-down the run flushes and
 * appends offered, exported and dropped counts to the file named by the system property {@code
 * tracebridge.bench.stats} (default {@code target/export-stats.jsonl}) (and prints them), because a
 * batch processor drops what its queue cannot hold.
 *
 * <p>The OkHttp sender does not set {@code TCP_NODELAY}: a batch body of several TCP segments ends
 * in a short one that Nagle's algorithm holds until the receiver's delayed ACK (40 ms on Linux), so
 * each request takes about 45 ms. The JDK sender sets it, and a request takes a few milliseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ExportThroughputBenchmark {
  private static final Tracer TRACER = Tracer.forClass(ExportThroughputBenchmark.class);
  private static final AttributeKey<Long> ITEM = AttributeKey.longKey("item.id");

  /** Drops are counted below; the processor's per-batch drop warning would bury the JMH log. */
  private static final Logger BSP_LOG = BenchLogging.quiet(BatchSpanProcessor.class.getName());

  @Param({"tracebridge", "rawOtel"})
  public String side;

  @Param({"okhttp", "jdk"})
  public String sender;

  private LocalOtlpReceiver receiver;
  private CountingExporter exporter;
  private OpenTelemetrySdk sdk;
  private io.opentelemetry.api.trace.Tracer otelTracer;
  private io.tracebridge.Scope dispatch;
  private final AtomicLong offered = new AtomicLong();
  private long item;
  private long startedNanos;

  @Setup
  public void setUp() throws IOException {
    receiver = new LocalOtlpReceiver();
    // Read when the exporter is built; both senders are on the class path.
    System.setProperty(
        "io.opentelemetry.sdk.common.export.HttpSenderProvider",
        "jdk".equals(sender)
            ? "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider"
            : "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider");
    exporter =
        new CountingExporter(
            OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint()).build());
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                    .build())
            .build();
    otelTracer = sdk.getTracer("io.tracebridge.benchmarks");
    OpenTelemetryLayer layer =
        OpenTelemetryLayer.builder(sdk)
            .threadAttributes(false)
            .codeAttributes(false)
            .timingAttributes(false)
            .build();
    dispatch = Dispatch.setDefault(Registry.builder().with(layer).build());
    startedNanos = System.nanoTime();
  }

  @Benchmark
  public Object span() {
    offered.incrementAndGet();
    long id = item++;
    if ("tracebridge".equals(side)) {
      try (EnteredSpan span = TRACER.infoSpan("export").field("item.id", id).entered()) {
        return span;
      }
    }
    Span span = otelTracer.spanBuilder("export").setAttribute(ITEM, id).startSpan();
    span.end();
    return span;
  }

  @TearDown
  public void tearDown() {
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    dispatch.close();
    sdk.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS);
    long exportedSpans = exporter.exported.get();
    String line =
        String.format(
            "{\"side\":\"%s\",\"sender\":\"%s\",\"offered\":%d,"
                + "\"exported\":%d,\"failed\":%d,\"dropped\":%d,"
                + "\"requests\":%d,\"bytes\":%d,\"elapsedMillis\":%d}%n",
            side,
            sender,
            offered.get(),
            exportedSpans,
            exporter.failed.get(),
            offered.get() - exportedSpans - exporter.failed.get(),
            receiver.requests.get(),
            receiver.bytes.get(),
            elapsedMillis);
    System.out.print("export-stats " + line);
    try {
      Path stats =
          Path.of(System.getProperty("tracebridge.bench.stats", "target/export-stats.jsonl"));
      Files.createDirectories(stats.getParent());
      Files.writeString(
          stats,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sdk.close();
    receiver.close();
  }
}
