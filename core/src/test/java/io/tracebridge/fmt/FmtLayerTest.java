package io.tracebridge.fmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.TestThreads;
import io.tracebridge.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FmtLayerTest {
  private static final Tracer APP = Tracer.named("com.acme.App");
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private List<String> run(FmtLayer.Builder builder, Runnable body) {
    FmtLayer layer =
        builder.output(new PrintStream(bytes, true, StandardCharsets.UTF_8)).clock(FIXED).build();
    Thread main = new Thread(() -> Dispatch.withDefault(layer, body), "main");
    main.start();
    TestThreads.join(main);
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static void seedScenario() {
    try (EnteredSpan app = APP.infoSpan("app-start").entered()) {
      try (EnteredSpan request = APP.infoSpan("process_request").field("id", "req-1").entered()) {
        APP.atInfo().field("user_id", 42).log("Processing request");
      }
    }
  }

  @Test
  void fullFormatMatchesTheSeedArticlesLine() {
    List<String> lines = run(FmtLayer.builder(), FmtLayerTest::seedScenario);

    assertThat(lines)
        .containsExactly(
            "2024-01-01T00:00:00.000000Z  INFO main app-start:process_request{id=\"req-1\"}: "
                + "com.acme.App: Processing request user_id=42");
  }

  @Test
  void compactFormatShowsSpanNamesThenEventFieldsThenSpanFields() {
    List<String> lines =
        run(FmtLayer.builder().format(FmtLayer.Format.COMPACT), FmtLayerTest::seedScenario);

    assertThat(lines)
        .containsExactly(
            "2024-01-01T00:00:00.000000Z  INFO main app-start:process_request: "
                + "com.acme.App: Processing request user_id=42 id=\"req-1\"");
  }

  @Test
  void prettyFormatPutsThreadAndSpansOnTheirOwnLines() {
    List<String> lines =
        run(FmtLayer.builder().format(FmtLayer.Format.PRETTY), FmtLayerTest::seedScenario);

    assertThat(lines)
        .containsExactly(
            "  2024-01-01T00:00:00.000000Z  INFO com.acme.App: Processing request, user_id: 42",
            "    on main",
            "    in process_request with id: \"req-1\"",
            "    in app-start",
            "");
  }

  @Test
  void jsonFormatWritesOneObjectPerLineWithNativeTypes() {
    List<String> lines =
        run(FmtLayer.builder().format(FmtLayer.Format.JSON), FmtLayerTest::seedScenario);

    assertThat(lines)
        .containsExactly(
            "{\"timestamp\":\"2024-01-01T00:00:00.000000Z\",\"level\":\"INFO\",\"fields\":{\"message\":\"Processing"
                + " request\",\"user_id\":42},\"target\":\"com.acme.App\","
                + "\"span\":{\"id\":\"req-1\",\"name\":\"process_request\"},"
                + "\"spans\":[{\"name\":\"app-start\"},{\"id\":\"req-1\",\"name\":\"process_request\"}],"
                + "\"threadName\":\"main\"}");
  }

  @Test
  void jsonKeepsKeysUniqueByRenamingFieldsNamedLikeTheFormatsOwnKeys() {
    List<String> lines =
        run(
            FmtLayer.builder().format(FmtLayer.Format.JSON).threadNames(false).targets(false),
            () -> {
              try (EnteredSpan span =
                  APP.infoSpan("send")
                      .field("name", "queue-1")
                      .field("field.name", "x")
                      .entered()) {
                APP.atInfo().field("message", "payload").log("sending");
              }
            });

    assertThat(lines)
        .containsExactly(
            "{\"timestamp\":\"2024-01-01T00:00:00.000000Z\",\"level\":\"INFO\","
                + "\"fields\":{\"message\":\"sending\",\"field.message\":\"payload\"},"
                + "\"span\":{\"field.field.name\":\"queue-1\",\"field.name\":\"x\",\"name\":\"send\"},"
                + "\"spans\":[{\"field.field.name\":\"queue-1\",\"field.name\":\"x\",\"name\":\"send\"}]}");
  }

  @Test
  void jsonEscapesStringsAndRendersArraysErrorsAndNonFiniteNumbers() {
    IOException error = new IOException("disk \"full\"", new IllegalStateException("quota"));
    List<String> lines =
        run(
            FmtLayer.builder().format(FmtLayer.Format.JSON).threadNames(false).targets(false),
            () ->
                APP.atError()
                    .field("text", "line1\nline2\t\"q\"\\")
                    .field("ids", new long[] {1, 2})
                    .field("names", new String[] {"a", "b"})
                    .field("nan", Double.NaN)
                    .field("ok", true)
                    .error(error)
                    .log("failed"));

    assertThat(lines)
        .containsExactly(
            "{\"timestamp\":\"2024-01-01T00:00:00.000000Z\",\"level\":\"ERROR\",\"fields\":{\"message\":\"failed\",\"text\":\"line1\\n"
                + "line2\\t\\\"q\\\"\\\\\","
                + "\"ids\":[1,2],\"names\":[\"a\",\"b\"],\"nan\":\"NaN\",\"ok\":true,\"error\":{\"type\":\"java.io.IOException\",\"message\":\"disk"
                + " \\\"full\\\"\","
                + "\"cause\":{\"type\":\"java.lang.IllegalStateException\",\"message\":\"quota\"}}}}");
  }

  @Test
  void textFormatsQuoteStringsAndShowErrorsWithTheirCauses() {
    List<String> lines =
        run(
            FmtLayer.builder().threadNames(false),
            () ->
                APP.atError()
                    .field("path", "a \"b\"")
                    .error(new IOException("timeout", new IllegalStateException("socket")))
                    .log("Simulated failure"));

    assertThat(lines)
        .containsExactly(
            "2024-01-01T00:00:00.000000Z ERROR com.acme.App: Simulated failure path=\"a \\\"b\\\"\""
                + " error=java.io.IOException: timeout caused by java.lang.IllegalStateException:"
                + " socket");
  }

  @Test
  void spanCloseLinesReportBusyAndIdleTime() {
    List<String> lines =
        run(
            FmtLayer.builder().spanCloseEvents(true),
            () -> {
              Span span = APP.infoSpan("work").field("n", 1).start();
              span.inScope(() -> TestThreads.sleep(5));
              span.close();
            });

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .matches(
            "2024-01-01T00:00:00\\.000000Z  INFO main work\\{n=1\\}: com\\.acme\\.App: close "
                + "time\\.busy=[0-9.]+(ns|µs|ms|s) time\\.idle=[0-9.]+(ns|µs|ms|s)");
  }

  @Test
  void recordedValuesShowUpInLaterLinesOfTheSpan() {
    List<String> lines =
        run(
            FmtLayer.builder().threadNames(false),
            () -> {
              try (EnteredSpan span = APP.infoSpan("query").empty("rows").entered()) {
                APP.info("before");
                span.span().record("rows", 3);
                APP.info("after");
              }
            });

    assertThat(lines)
        .containsExactly(
            "2024-01-01T00:00:00.000000Z  INFO query: com.acme.App: before",
            "2024-01-01T00:00:00.000000Z  INFO query{rows=3}: com.acme.App: after");
  }

  @Test
  void eventOutsideAnySpanHasNoScopePrefix() {
    List<String> lines = run(FmtLayer.builder(), () -> APP.warn("alone"));

    assertThat(lines).containsExactly("2024-01-01T00:00:00.000000Z  WARN main com.acme.App: alone");
  }

  @Test
  void unknownFormatFailsNamingIt() {
    assertThatThrownBy(() -> FmtLayer.Format.parse("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'xml'");
  }

  @Test
  void formatSystemPropertyIsReadAndABadOneIsNamed() {
    String old = System.getProperty(FmtLayer.FORMAT_PROPERTY);
    try {
      System.setProperty(FmtLayer.FORMAT_PROPERTY, "json");
      assertThat(FmtLayer.fromEnv().format()).isEqualTo(FmtLayer.Format.JSON);
      System.setProperty(FmtLayer.FORMAT_PROPERTY, "yaml");
      assertThatThrownBy(FmtLayer::fromEnv)
          .hasMessageContaining("tracebridge.log.format")
          .hasMessageContaining("'yaml'");
    } finally {
      if (old == null) {
        System.clearProperty(FmtLayer.FORMAT_PROPERTY);
      } else {
        System.setProperty(FmtLayer.FORMAT_PROPERTY, old);
      }
    }
  }

  @Test
  void controlCharactersAreEscapedInEachFormatsOwnSyntax() {
    StringBuilder json = new StringBuilder();
    TextValues.appendQuoted("a\u0001b\u2028", true, json);
    StringBuilder text = new StringBuilder();
    TextValues.appendQuoted("a\u0001b", false, text);

    assertThat(json.toString()).isEqualTo("\"a\\u0001b\\u2028\"");
    assertThat(text.toString()).isEqualTo("\"a\\u{1}b\"");
  }

  @Test
  void durationsUseTracingStyleUnits() {
    assertThat(TextValues.duration(512)).isEqualTo("512ns");
    assertThat(TextValues.duration(48_200)).isEqualTo("48.2µs");
    assertThat(TextValues.duration(1_200_000)).isEqualTo("1.20ms");
    assertThat(TextValues.duration(100_000_000)).isEqualTo("100ms");
    assertThat(TextValues.duration(3_000_000_000L)).isEqualTo("3.00s");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(FmtLayer.Format.class)
  void controlFieldsNamedOtelAreNeverPrintedInAnyFormat(FmtLayer.Format format) {
    List<String> lines =
        run(
            FmtLayer.builder().format(format),
            () -> {
              try (EnteredSpan span =
                  APP.infoSpan("GET /checkout")
                      .field("otel.kind", "server")
                      .field("otel.integration", true)
                      .field("http.route", "/checkout")
                      .entered()) {
                APP.atInfo()
                    .field("otel.status_code", "error")
                    .field("user", "alice")
                    .log("checked");
                APP.atInfo().field("otel.name", "renamed").log("only control fields");
              }
            });

    assertThat(String.join("\n", lines))
        .doesNotContain("otel.")
        .contains("http.route")
        .contains("user")
        .contains("only control fields");
  }

  @Test
  void aTraceIdsSettingOtherThanTrueOrFalseFailsTheStartAndNamesItself() {
    System.setProperty(FmtLayer.TRACE_IDS_PROPERTY, "sometimes");
    try {
      assertThatThrownBy(FmtLayer::fromEnv)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tracebridge.log.trace_ids")
          .hasMessageContaining("'sometimes'");
    } finally {
      System.clearProperty(FmtLayer.TRACE_IDS_PROPERTY);
    }
  }
}
