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
 * The bridge runs with the OpenTelemetry API alone (the SDK side, {@code OtelSetup}, is the module
 * tracebridge-otel-setup): under the Java agent, whose SDK is shaded, an SDK type named in its
 * bytecode would fail with {@code NoClassDefFoundError}. So no class file of the bridge names one.
 */
class ApiOnlyTest {
  @Test
  void noClassOfTheLayerNamesAnSdkType() throws IOException {
    Path classes = Path.of("target", "classes", "io", "tracebridge", "otel");
    List<Path> files;
    try (Stream<Path> all = Files.list(classes)) {
      files = all.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("OpenTelemetryLayer.class", "SdkClocks.class");
    for (Path file : files) {
      String bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      assertThat(bytes)
          .as(file.getFileName() + " names an SDK class")
          .doesNotContain("io/opentelemetry/sdk/");
    }
  }
}
