package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layer and {@link OtelBridge} run with the OpenTelemetry API alone (the SDK is an optional
 * dependency, for {@code OtelSetup}): under the Java agent, whose SDK is shaded, an SDK type named in
 * their bytecode would fail with {@code NoClassDefFoundError}. So their class files name none.
 */
class ApiOnlyTest {
  /** The classes that need the SDK, only for {@code OtelSetup}. */
  private static final List<String> SDK_SIDE =
      List.of("OtelSetup", "EndedSpanCounter", "FailureStreakExporter", "QueueDropWatcher");

  @Test
  void noClassOfTheLayerNamesAnSdkType() throws IOException {
    Path classes = Path.of("target", "classes", "io", "tracebridge", "otel");
    List<Path> files;
    try (Stream<Path> all = Files.list(classes)) {
      files =
          all.filter(p -> p.toString().endsWith(".class"))
              .filter(p -> SDK_SIDE.stream().noneMatch(n -> p.getFileName().toString().startsWith(n)))
              .toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString()).contains("OpenTelemetryLayer.class", "SdkClocks.class");
    for (Path file : files) {
      String bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      assertThat(bytes).as(file.getFileName() + " names an SDK class").doesNotContain("io/opentelemetry/sdk/");
    }
  }
}
