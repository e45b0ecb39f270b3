package io.tracebridge.demo.examples;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.otel.OpenTelemetryLayer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs an example with standard output captured. The global default is installed once per test JVM,
 * as an application's main would: the console in the full format with every level enabled, writing
 * to whatever {@code System.out} is at the time of each line, and the OpenTelemetry bridge into an
 * SDK that exports to memory ({@link #SPANS}).
 */
final class ConsoleCapture {
  private static final Pattern TIMESTAMP =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z ");

  /** Spans exported by the OpenTelemetry layer of the test JVM's global default. */
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  static {
    synchronized (Examples.class) {
      if (!Dispatch.hasGlobalDefault()) {
        OpenTelemetrySdk sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                        .build())
                .build();
        Dispatch.setGlobalDefault(
            Registry.builder()
                .with(FmtLayer.builder().build(), EnvFilter.parse("trace"))
                .with(OpenTelemetryLayer.builder(sdk).build(), EnvFilter.parse("trace"))
                .build());
      }
    }
  }

  private ConsoleCapture() {}

  /** Runs {@code example} and returns what it printed, one entry per line, timestamps kept. */
  static synchronized List<String> run(Runnable example) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      example.run();
    } finally {
      System.setOut(original);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    original.print(text); // keep the output visible in the test report
    return text.lines().toList();
  }

  /** Runs {@code example} and returns its lines with the leading timestamp removed. */
  static List<String> runWithoutTimestamps(Runnable example) {
    return run(example).stream().map(ConsoleCapture::withoutTimestamp).toList();
  }

  static String withoutTimestamp(String line) {
    var m = TIMESTAMP.matcher(line);
    if (!m.find()) {
      throw new AssertionError("line does not start with a timestamp: " + line);
    }
    return line.substring(m.end());
  }
}
