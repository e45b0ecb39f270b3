package io.tracebridge.otel.setup;

import io.tracebridge.Tracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program run in its own JVM by {@link ExportSpoolTest}, configured by the environment as a user
 * would (TRACEBRIDGE_EXPORT_SPOOL, OTEL_EXPORTER_OTLP_ENDPOINT). Results are printed as {@code
 * RESULT ...}.
 */
public final class SpoolProbe {
  private static final Tracer TRACER = Tracer.forClass(SpoolProbe.class);

  private SpoolProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "spool-then-wait-to-be-killed":
        {
          // The collector is down: the spans go to the spool. Then the process waits for its
          // SIGKILL: no shutdown hook runs, nothing is flushed or closed.
          OtelSetup setup = OtelSetup.builder().console(false).install();
          int spans = Integer.parseInt(args[1]);
          for (int i = 0; i < spans; i++) {
            TRACER.infoSpan("spooled_" + i).run(() -> TRACER.info("work"));
          }
          setup.flush(30, TimeUnit.SECONDS);
          System.out.println("RESULT spooled files=" + spoolFiles());
          System.out.println("RESULT waiting");
          System.out.flush();
          Thread.sleep(120_000);
          return;
        }
      case "deliver-then-exit":
        {
          OtelSetup setup = OtelSetup.builder().console(false).install();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (spoolFiles() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
          }
          System.out.println("RESULT left=" + spoolFiles());
          setup.close();
          return;
        }
      case "builder":
        // exportSpool(..) and exportSpoolMaxBytes(..) in code, as an application sets them
        try (OtelSetup setup =
            OtelSetup.builder()
                .console(false)
                .exportSpool(Path.of(args[1]))
                .exportSpoolMaxBytes(Long.parseLong(args[2]))
                .install()) {
          for (int i = 0; i < 5; i++) {
            TRACER.infoSpan("built_" + i).run(() -> {});
          }
          setup.flush(30, TimeUnit.SECONDS);
          try (Stream<Path> files = Files.list(Path.of(args[1], "probe"))) {
            System.out.println(
                "RESULT spooled files="
                    + files.filter(f -> f.getFileName().toString().endsWith(".spool")).count());
          }
        } catch (RuntimeException e) {
          System.out.println("RESULT refused: " + e.getMessage());
        }
        return;
      case "join-global":
        // An OpenTelemetry installed before tracebridge (the agent, a framework): its exporters
        // are its owner's, so the spool cannot apply and must say so.
        io.opentelemetry.api.GlobalOpenTelemetry.set(
            io.opentelemetry.sdk.OpenTelemetrySdk.builder().build());
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          System.out.println("RESULT installed ownsSdk=" + setup.ownsSdk());
        }
        return;
      case "install":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          System.out.println("RESULT installed");
        } catch (RuntimeException e) {
          System.out.println("RESULT refused: " + e.getMessage());
        }
        return;
      default:
        throw new IllegalArgumentException("no scenario " + args[0]);
    }
  }

  private static long spoolFiles() throws Exception {
    try (Stream<Path> files =
        Files.list(Path.of(System.getenv(OtelSetup.SPOOL_ENV_VAR), "probe"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spool")).count();
    }
  }
}
