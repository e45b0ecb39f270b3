package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelSetupTest {
  @Test
  void aProgramThatExitsRightAfterItsLastSpanStillExportsIt() throws Exception {
    try (OtlpReceiver collector = OtlpReceiver.start()) {
      // A 10-minute batch delay: only the flush on exit can deliver the span before the JVM is
      // gone.
      var result =
          ChildJvm.run(
              SetupProbe.class,
              Map.of(
                  "OTEL_TRACES_EXPORTER", "otlp",
                  "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                  "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                  "OTEL_BSP_SCHEDULE_DELAY", "600000",
                  "OTEL_SERVICE_NAME", "probe"),
              "exit-right-after-last-span");

      assertThat(result.exitCode()).as(result.stderr()).isZero();
      assertThat(collector.bodies())
          .as(result.stderr())
          .anySatisfy(body -> assertThat(body).contains("last_span").contains("about to exit"));
    }
  }

  @Test
  void loggingOtlpPrintsTheSpansAsOtlpJsonWhenTheSetupIsClosed() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "logging-otlp", "OTEL_SERVICE_NAME", "probe"),
            "close-after-last-span");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("{\"resource\":").contains("\"name\":\"last_span\"");
  }

  @Test
  void routedJavaUtilLoggingPutsALibrarysWarningOnTheSpanThatCausedIt() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "logging-otlp", "OTEL_SERVICE_NAME", "probe"),
            "route-jul");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT installed=true removedOnClose=true");
    // The span, exported as OTLP JSON, carries the library's warning as its event.
    assertThat(result.stderr())
        .contains("\"name\":\"rpc_call\"")
        .contains("\"name\":\"deadline exceeded on the wire\"")
        .contains("io.grpc.Probe");
  }

  @Test
  void eventsAsLogRecordsWithLogsExportedNowhereFailTheInstallAndNameBothSettings()
      throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of(
                "OTEL_TRACES_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                "TRACEBRIDGE_EVENTS_AS_LOG_RECORDS", "true"),
            "install-only");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT refused: ")
        .contains("TRACEBRIDGE_EVENTS_AS_LOG_RECORDS=true")
        .contains("OTEL_LOGS_EXPORTER=none");
  }

  @Test
  void aMalformedEventsAsLogRecordsSettingFailsTheInstallAndNamesIt() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "TRACEBRIDGE_EVENTS_AS_LOG_RECORDS", "yes"),
            "install-only");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT refused: invalid TRACEBRIDGE_EVENTS_AS_LOG_RECORDS 'yes'");
  }

  @Test
  void consoleExporterPrintsTheSpans() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "console", "OTEL_SERVICE_NAME", "probe"),
            "close-after-last-span");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).contains("'last_span'");
  }

  @Test
  void withLogsExportedNowhereEventsNoSpanCanTakeAreCountedAndReportedNotSwallowed()
      throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none"),
            "events-without-log-export");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT orphansDropped=1 lateDropped=1 forwarded=0");
    assertThat(result.stderr())
        .contains("events at shutdown: 1 outside any span and 1 of work that outlived its span");
  }

  @Test
  void eventsAFullSpanDropsAreCountedAndReportedOnceAtShutdown() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_SERVICE_NAME", "probe"),
            "full-spans");

    // 130 events into one span; the cap is 128 (the SDK's default).
    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT eventsOverCap=2 attributesOverCap=0");
    assertThat(result.stderr())
        .containsOnlyOnce(
            "spans at shutdown: 2 event(s) and 0 attribute value(s) were dropped because their"
                + " span was full");
  }

  @Test
  void droppedFieldNamesAndFailedContextParticipantsAreReportedOnceAtShutdown() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_SERVICE_NAME", "probe"),
            "lossy-core");

    // 130 distinct names into one span, whose cap is 128; one snapshot captured past a bad
    // participant.
    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT droppedNames=2 participantFailures=1");
    assertThat(result.stderr())
        .containsOnlyOnce("fields at shutdown: 2 field name(s) were dropped")
        .containsOnlyOnce("context at shutdown: a ContextSnapshot participant threw 1 time(s)")
        .containsOnlyOnce("the new field 'field_128' was dropped")
        .containsOnlyOnce("participant bug");
  }

  @Test
  void quietingTheConsoleWithTracebridgeLogKeepsExportingInfoSpans() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "console", "TRACEBRIDGE_LOG", "warn"),
            "console-and-export-filters");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).as("exported").contains("'info_span'");
    assertThat(result.stdout()).as("console").contains("warn event").doesNotContain("info event");
  }

  @Test
  void theExportFilterHasItsOwnSettingAndLeavesTheConsoleAlone() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "console", "TRACEBRIDGE_EXPORT_LOG", "warn"),
            "console-and-export-filters");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stderr()).as("exported").doesNotContain("'info_span'");
    assertThat(result.stdout()).as("console").contains("info event").contains("warn event");
  }

  @Test
  void aTypoInTracebridgeLogFailsAtStartupNamingIt() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "TRACEBRIDGE_LOG", "inf"),
            "console-and-export-filters");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains(
            "invalid TRACEBRIDGE_LOG 'inf' in \"inf\": 'inf' is not a level; did you mean 'info'?");
  }

  @Test
  void withoutOtelPropagatorsTheWireUsesTracebridgesW3cPropagators() throws Exception {
    var result =
        ChildJvm.run(SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "none"), "propagators");

    assertThat(result.stdout()).as(result.stderr()).contains("RESULT headers=[traceparent]");
    assertThat(result.stdout())
        .contains(
            "RESULT propagator=MultiTextMapPropagator{textMapPropagators=[TraceContextPropagator,"
                + " BaggagePropagator]}");
  }

  @Test
  void b3AndJaegerWorkWithTracebridgeAloneOnTheClassPath() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_PROPAGATORS", "b3multi,jaeger"),
            "propagators");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("RESULT headers=[uber-trace-id, x-b3-sampled, x-b3-spanid, x-b3-traceid]")
        .contains("[B3Propagator(multi), JaegerPropagator]");
  }

  @Test
  void withOpenTelemetrysExtensionJarPresentTooTheStandardNamesStillMeanOurs() throws Exception {
    var result =
        ChildJvm.runWithout(
            "",
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_PROPAGATORS", "b3multi,jaeger"),
            "propagators");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("[B3Propagator(multi), JaegerPropagator]");
  }

  @Test
  void theStandardNamesCanMeanOpenTelemetrysOwnPropagators() throws Exception {
    var result =
        ChildJvm.runWithout(
            "",
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_PROPAGATORS", "tracecontext,b3multi"),
            "propagators",
            "otel");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains("W3CTraceContextPropagator")
        .contains("B3Propagator{b3PropagatorInjector=B3PropagatorInjectorMultipleHeaders}");
  }

  @Test
  void withAGlobalOpenTelemetryAlreadySetTheSetupJoinsItAndBuildsNothing() throws Exception {
    var result =
        ChildJvm.run(SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "otlp"), "join-global");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("RESULT exported=1 ownsSdk=false")
        .contains("RESULT exportedAfterClose=2")
        .contains("RESULT batchThreads=0");
    assertThat(result.stderr())
        .contains("GlobalOpenTelemetry is already set")
        .doesNotContain("IllegalStateException");
    assertThat(result.stderr().split("GlobalOpenTelemetry is already set", -1)).hasSize(2);
  }

  @Test
  void anExplicitInstanceIsExportedThroughAndLeftToItsOwner() throws Exception {
    var result =
        ChildJvm.run(SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "otlp"), "join-explicit");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("RESULT exported=1 ownsSdk=false")
        .contains("RESULT exportedAfterClose=2")
        .contains("RESULT batchThreads=0");
  }

  @Test
  void anInstallThatFailsAfterBuildingTheSdkShutsItDown() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "JAVA_TOOL_OPTIONS", "-Dtracebridge.max_level=verbose"),
            "failed-install");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains("RESULT failed: system property tracebridge.max_level='verbose' is not a level")
        .contains("batchThreads=0");
  }

  @Test
  void withNoCollectorTheProgramExitsPromptlyWithOneLineSayingWhatWasLost() throws Exception {
    long start = System.nanoTime();
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9", // nothing listens there
                "OTEL_METRICS_EXPORTER", ChildJvm.UNSET),
            "exit-right-after-last-span");
    long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    assertThat(result.exitCode()).isZero();
    // The default flush timeout is 2 s; the JVM's own start and stop come on top. It was 9 s.
    assertThat(seconds).as(result.stderr()).isLessThan(6);
    assertThat(result.stderr())
        .contains("tracebridge: traces go to OtlpGrpcSpanExporter(http://127.0.0.1:9)")
        .contains("1 span(s) ended, 0 exported")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void metricsAreNotExportedUnlessAsked() throws Exception {
    var unset =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", ChildJvm.UNSET),
            "metric-readers");
    var asked =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "console"),
            "metric-readers");

    assertThat(unset.stdout()).as(unset.stderr()).contains("RESULT metricReaders=0");
    assertThat(asked.stdout()).as(asked.stderr()).contains("RESULT metricReaders=1");
  }

  @Test
  void aFlushTimeoutThatIsNotADurationFailsAtStartupNamingIt() {
    assertThatThrownBy(() -> OtelSetup.parseFlushTimeout("soon", "TRACEBRIDGE_FLUSH_TIMEOUT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "TRACEBRIDGE_FLUSH_TIMEOUT='soon' is not a duration (expected e.g. 500ms or 2s)");
    assertThat(OtelSetup.parseFlushTimeout("500ms", "x"))
        .isEqualTo(java.time.Duration.ofMillis(500));
    assertThat(OtelSetup.parseFlushTimeout(" 3s ", "x")).isEqualTo(java.time.Duration.ofSeconds(3));
  }

  @Test
  void setupRegistersGlobalOpenTelemetrySoOtelInstrumentedLibrariesParentToLocalSpans()
      throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "none"), "global-opentelemetry");

    assertThat(result.stdout()).as(result.stderr()).contains("RESULT parentIsLocal=true");
  }

  @Test
  void malformedConfigurationFailsAtStartupNamingTheBadValue() throws Exception {
    var badExporter =
        ChildJvm.run(SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "bogus"), "install-twice");
    var badFilter =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "TRACEBRIDGE_LOG", "info,com.acme=loud"),
            "install-twice");

    assertThat(badExporter.exitCode()).isNotZero();
    assertThat(badExporter.stderr())
        .contains("io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException")
        .contains("otel.traces.exporter: bogus");
    assertThat(badFilter.exitCode()).isNotZero();
    assertThat(badFilter.stderr()).contains("invalid TRACEBRIDGE_LOG 'com.acme=loud'");
  }

  @Test
  void installingTwiceReturnsTheFirstSetupInsteadOfBuildingASecondPipeline() throws Exception {
    var result =
        ChildJvm.run(SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "none"), "install-twice");

    assertThat(result.stdout()).as(result.stderr()).contains("RESULT same=true installed=true");
  }

  @Test
  void installRefusesWhenAnotherGlobalDefaultWasSetFirstAndSaysWhy() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class, Map.of("OTEL_TRACES_EXPORTER", "none"), "global-default-already-set");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains(
            "RESULT refused: cannot install OtelSetup: a tracebridge global default subscriber is"
                + " already set");
  }

  @Test
  void unreachableCollectorNeverFailsTheAppAndIsLoggedOncePerOutageAndCountedAtShutdown()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var result =
        ChildJvm.run(SetupProbe.class, unreachableCollector(closedPort), "collector-unreachable");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("RESULT completed spans=250");
    String stderr = result.stderr();
    // One line when the outage starts, one count at shutdown: never one per batch or span.
    assertThat(count(stderr, "; the application is unaffected")).as(stderr).isEqualTo(1);
    assertThat(count(stderr, "at shutdown:")).as(stderr).isEqualTo(1);
    assertThat(count(stderr, "span export to")).as(stderr).isEqualTo(2);
    assertThat(stderr)
        .containsPattern(
            "at shutdown: 250 span\\(s\\) ended, 0 exported, \\d+ lost in failed exports,"
                + " 0 dropped because the export queue was full, \\d+ never sent");
    // Our line names the cause without a stack trace; OpenTelemetry's exporter says what it says.
    assertThat(stderr)
        .containsPattern("failed \\(java\\.[a-z.]+\\.\\w+Exception: [^)]+\\); the application");
  }

  @Test
  void openTelemetrysOwnExporterDiagnosticsAreLeftToTheUserNotSilenced() throws Exception {
    var result =
        ChildJvm.run(SetupProbe.class, unreachableCollector(closedPort()), "collector-unreachable");

    assertThat(result.stderr()).contains("Failed to export spans");
    assertThat(count(result.stderr(), "failed (")).as(result.stderr()).isEqualTo(1);
  }

  @Test
  void theDocumentedLoggingPropertiesQuietOpenTelemetryAndKeepTracebridgesLines() throws Exception {
    // docs/configuration.md, "Quieting OpenTelemetry's own logging", as a user would write it.
    java.nio.file.Path properties = java.nio.file.Files.createTempFile("logging", ".properties");
    java.nio.file.Files.writeString(
        properties,
        String.join(
            "\n",
            "handlers = java.util.logging.ConsoleHandler",
            ".level = INFO",
            "io.opentelemetry.level = OFF",
            ""));
    try {
      var result =
          ChildJvm.run(
              SetupProbe.class,
              with(
                  unreachableCollector(closedPort()),
                  "JAVA_TOOL_OPTIONS",
                  "-Djava.util.logging.config.file=" + properties),
              "collector-unreachable");

      assertThat(result.stdout()).contains("RESULT completed spans=250");
      assertThat(result.stderr()).doesNotContain("Failed to export spans").doesNotContain("\tat ");
      assertThat(count(result.stderr(), "; the application is unaffected"))
          .as(result.stderr())
          .isEqualTo(1);
      assertThat(count(result.stderr(), "at shutdown:")).isEqualTo(1);
    } finally {
      java.nio.file.Files.delete(properties);
    }
  }

  @Test
  void setupNeitherSetsALevelNorAFilterOnOpenTelemetrysLoggers() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of(
                "OTEL_TRACES_EXPORTER",
                "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:9"),
            "otel-loggers");

    assertThat(result.stdout())
        .as(result.stderr())
        .contains(
            "RESULT io.opentelemetry=null/null"
                + " io.opentelemetry.sdk.trace.export.BatchSpanProcessor=null/null"
                + " io.opentelemetry.exporter.internal.grpc.GrpcExporter=null/null"
                + " io.opentelemetry.exporter.internal.http.HttpExporter=null/null");
  }

  @Test
  void aBurstTheExportQueueCannotHoldIsCountedByTracebridgeExactlyAndOnce() throws Exception {
    var result =
        ChildJvm.run(
            SetupProbe.class,
            Map.of(
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort(),
                "OTEL_BSP_MAX_QUEUE_SIZE", "50",
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "10",
                "TRACEBRIDGE_FLUSH_TIMEOUT", "500ms"),
            "queue-overflow");

    String stderr = result.stderr();
    assertThat(result.stdout()).as(stderr).contains("RESULT ended=1000");
    assertThat(count(stderr, "the span export queue is full (50 spans)")).as(stderr).isEqualTo(1);
    java.util.regex.Matcher summary =
        java.util.regex.Pattern.compile(
                "at shutdown: 1000 span\\(s\\) ended, (\\d+) exported, (\\d+) lost in failed"
                    + " exports, (\\d+) dropped because the export queue was full, (\\d+) never"
                    + " sent")
            .matcher(stderr);
    assertThat(summary.find()).as(stderr).isTrue();
    long exported = Long.parseLong(summary.group(1));
    long failed = Long.parseLong(summary.group(2));
    long dropped = Long.parseLong(summary.group(3));
    long neverSent = Long.parseLong(summary.group(4));
    assertThat(exported + failed + dropped + neverSent).isEqualTo(1000);
    // Only the queue (50) and one batch (10) could ever be held; all else was dropped and counted.
    assertThat(dropped).isGreaterThanOrEqualTo(1000 - 60);
    // The SDK's processor never had to drop a span itself, so no count depends on its log lines.
    assertThat(stderr).doesNotContain("since the last export because the queue is full");
  }

  @Test
  void aResourceDefaultIsSetUnlessOtelResourceAttributesSetsTheSameKey() throws Exception {
    var defaults =
        ChildJvm.run(
            SetupProbe.class,
            Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_SERVICE_NAME", "checkout"),
            "resource-default");
    var overridden =
        ChildJvm.run(
            SetupProbe.class,
            Map.of(
                "OTEL_TRACES_EXPORTER",
                "none",
                "OTEL_RESOURCE_ATTRIBUTES",
                "service.version=9.9.9,host.name=h1"),
            "resource-default");

    assertThat(defaults.stdout())
        .as(defaults.stderr())
        .contains("RESULT version=1.2.3 env=test name=checkout");
    assertThat(overridden.stdout())
        .as(overridden.stderr())
        .contains("RESULT version=9.9.9 env=test");
  }

  /** OTLP export to a port nothing listens on, failing within 2 s per attempt. */
  private static Map<String, String> unreachableCollector(int port) {
    return Map.of(
        "OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port,
        "OTEL_EXPORTER_OTLP_TIMEOUT", "2000");
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> more = new java.util.HashMap<>(env);
    more.put(key, value);
    return more;
  }

  private static int closedPort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int count(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      count++;
    }
    return count;
  }
}
