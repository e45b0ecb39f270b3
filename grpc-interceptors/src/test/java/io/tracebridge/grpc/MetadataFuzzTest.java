package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer.Report;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer.Target;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every extractor against hostile headers carried in gRPC {@link Metadata} and read through {@link
 * GrpcMetadataCarrier#getter()}: the same rules and input counts as the propagation module's fuzz
 * test. Headers gRPC itself refuses (bad key names) cannot arrive and are counted as refused.
 */
class MetadataFuzzTest {
  static Stream<Target> targets() {
    return ExtractorFuzzer.targets().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void hostileMetadataNeverThrowsNeverHalfParsesAndStaysUnderOneMillisecond(Target target) {
    Report report =
        ExtractorFuzzer.run(
            target,
            MetadataFuzzTest::metadata,
            GrpcMetadataCarrier.getter(),
            ExtractorFuzzer.inputs(),
            ExtractorFuzzer.seed());

    System.out.println("[fuzz grpc-metadata] " + report);
    assertThat(report.inputs - report.refused).isPositive();
  }

  private static Metadata metadata(Map<String, List<String>> headers) {
    Metadata metadata = new Metadata();
    try {
      headers.forEach(
          (name, values) -> {
            Metadata.Key<String> key =
                Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
            values.forEach(v -> metadata.put(key, v));
          });
    } catch (IllegalArgumentException e) {
      return null;
    }
    return metadata;
  }
}
