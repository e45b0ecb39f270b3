package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/reliability.md, "The export spool", as a user turns it on: TRACEBRIDGE_EXPORT_SPOOL in the
 * environment of a real process with the OTLP/HTTP exporter. Each scenario runs in its own JVM.
 */
class ExportSpoolTest {
  @TempDir Path spool;

  @Test
  void spansSpooledByAProcessKilledWithSigkillAreDeliveredByTheNextStartOnTheSameDirectory()
      throws Exception {
    File out = File.createTempFile("killed", ".out");
    File err = File.createTempFile("killed", ".err");
    Process killed =
        ChildJvm.start(
            SpoolProbe.class,
            env("http://127.0.0.1:" + closedPort()),
            out,
            err,
            "spool-then-wait-to-be-killed",
            "40");
    try {
      awaitLine(out, "RESULT waiting", killed);
    } finally {
      killed.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      killed.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(out.toPath())).containsPattern("RESULT spooled files=[1-9]");
    assertThat(spoolFiles()).as("left on disk by the killed process").isNotEmpty();

    try (OtlpReceiver collector = OtlpReceiver.start()) {
      var next = ChildJvm.run(SpoolProbe.class, env(collector.endpoint()), "deliver-then-exit");

      assertThat(next.stdout()).as(next.stderr()).contains("RESULT left=0");
      String received = String.join("", collector.bodies());
      for (int i = 0; i < 40; i++) {
        assertThat(received).as("span spooled_%d", i).contains("spooled_" + i);
      }
      assertThat(next.stderr())
          .contains("holds 40 span(s) from an earlier run")
          .containsPattern("40 from an earlier run, 40 delivered from it, 0 dropped at its cap");
    }
  }

  @Test
  void aSecondProcessCannotUseASpoolDirectoryInUseAndIsToldWhoHoldsIt() throws Exception {
    try (SpanSpool held = SpanSpool.open(spool.resolve("probe"), SpoolSettings.DEFAULT_MAX_BYTES)) {
      var second = ChildJvm.run(SpoolProbe.class, env("http://127.0.0.1:1"), "install");

      assertThat(second.stdout())
          .contains("RESULT refused: the export spool directory " + spool.resolve("probe"))
          .contains("is in use by another process (pid " + ProcessHandle.current().pid() + ")");
    }
    var afterRelease = ChildJvm.run(SpoolProbe.class, env("http://127.0.0.1:1"), "install");
    assertThat(afterRelease.stdout()).as(afterRelease.stderr()).contains("RESULT installed");
  }

  @Test
  void theBuildersSpoolDirectoryAndCapWinOverTheEnvironment(@TempDir Path inCode) throws Exception {
    var result =
        ChildJvm.run(
            SpoolProbe.class,
            env("http://127.0.0.1:" + closedPort()),
            "builder",
            inCode.toString(),
            String.valueOf(1 << 20));

    assertThat(result.stdout()).as(result.stderr()).containsPattern("RESULT spooled files=[1-9]");
    assertThat(result.stderr()).contains("spooling spans to " + inCode.resolve("probe"));
    assertThat(spool.resolve("probe")).doesNotExist();
  }

  @Test
  void aCapBelowTheMinimumSetInCodeFailsInstallAndSaysTheMinimum(@TempDir Path inCode)
      throws Exception {
    var result =
        ChildJvm.run(
            SpoolProbe.class, env("http://127.0.0.1:1"), "builder", inCode.toString(), "1000");

    assertThat(result.stdout())
        .contains(
            "RESULT refused: the export spool's cap of 1000 bytes is below the minimum, 65536");
  }

  @Test
  void aMalformedSpoolCapFailsInstallAndNamesTheSettingAndItsValue() throws Exception {
    Map<String, String> env = env("http://127.0.0.1:1");
    env.put(OtelSetup.SPOOL_MAX_BYTES_ENV_VAR, "lots");

    var result = ChildJvm.run(SpoolProbe.class, env, "install");

    assertThat(result.stdout())
        .contains("RESULT refused: invalid TRACEBRIDGE_EXPORT_SPOOL_MAX_BYTES 'lots'");
  }

  @Test
  void aSpoolCapWithoutASpoolDirectoryIsReportedAsIgnored() throws Exception {
    Map<String, String> env = env("http://127.0.0.1:1");
    env.put(OtelSetup.SPOOL_ENV_VAR, ChildJvm.UNSET);
    env.put(OtelSetup.SPOOL_MAX_BYTES_ENV_VAR, "16MiB");

    var result = ChildJvm.run(SpoolProbe.class, env, "install");

    assertThat(result.stdout()).contains("RESULT installed");
    assertThat(result.stderr())
        .contains(
            "the export spool's cap (TRACEBRIDGE_EXPORT_SPOOL_MAX_BYTES) is ignored: the spool is"
                + " off");
  }

  @Test
  void aSpoolOnAnOpenTelemetryInstalledBeforeTracebridgeIsReportedAsIgnored() throws Exception {
    var result = ChildJvm.run(SpoolProbe.class, env("http://127.0.0.1:1"), "join-global");

    assertThat(result.stdout()).as(result.stderr()).contains("RESULT installed ownsSdk=false");
    assertThat(result.stderr())
        .contains(
            "the export spool ("
                + spool
                + ") is ignored: tracebridge exports through an OpenTelemetry it did not build");
    assertThat(spool.resolve("probe")).doesNotExist();
  }

  @Test
  void aSpoolWithNoOtlpExporterToServeIsReportedAsIgnored() throws Exception {
    Map<String, String> env = env("http://127.0.0.1:1");
    env.put("OTEL_TRACES_EXPORTER", "none");

    var result = ChildJvm.run(SpoolProbe.class, env, "install");

    assertThat(result.stdout()).contains("RESULT installed");
    assertThat(result.stderr())
        .contains("the export spool (" + spool + ") is ignored: no OTLP span exporter");
  }

  private Map<String, String> env(String endpoint) {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_TRACES_EXPORTER", "otlp");
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
    env.put("OTEL_BSP_SCHEDULE_DELAY", "50");
    env.put(OtelSetup.SPOOL_ENV_VAR, spool.toString());
    env.put("OTEL_SERVICE_NAME", "probe"); // spooled under <spool>/probe
    return env;
  }

  private List<Path> spoolFiles() throws Exception {
    try (Stream<Path> files = Files.list(spool.resolve("probe"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spool")).toList();
    }
  }

  private static void awaitLine(File out, String line, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.readString(out.toPath(), StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the child exited before '" + line + "': " + process.exitValue());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + line + "' in 60 s");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
