package io.tracebridge.propagation.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import io.tracebridge.propagation.HttpServerCarrier;
import io.tracebridge.propagation.MapCarrier;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer.Report;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer.Target;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every extractor against hostile headers, over a map carrier and over the JDK HTTP server's
 * headers: 20,000 inputs each (plus as many built to be invalid) in every build, 1,000,000 with
 * {@code scripts/fuzz}. See {@link ExtractorFuzzer} for the rules checked on each input.
 */
class ExtractorFuzzTest {
  static Stream<Target> targets() {
    return ExtractorFuzzer.targets().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void hostileHeadersInAMapCarrierNeverThrowNeverHalfParseAndStayUnderOneMillisecond(
      Target target) {
    Report report =
        ExtractorFuzzer.run(
            target,
            headers -> headers,
            MapCarrier.multiGetter(),
            ExtractorFuzzer.inputs(),
            ExtractorFuzzer.seed());

    System.out.println("[fuzz map] " + report);
    assertThat(report.inputs).isGreaterThanOrEqualTo(ExtractorFuzzer.inputs());
    assertThat(report.refused).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void hostileHeadersInJdkServerHeadersNeverThrowNeverHalfParseAndStayUnderOneMillisecond(
      Target target) {
    Report report =
        ExtractorFuzzer.run(
            target,
            ExtractorFuzzTest::jdkHeaders,
            HttpServerCarrier.getter(),
            ExtractorFuzzer.inputs(),
            ExtractorFuzzer.seed());

    System.out.println("[fuzz jdk-http] " + report);
    assertThat(report.inputs - report.refused).isPositive();
  }

  /**
   * The headers as the JDK server would hand them over; null if it refuses them (e.g. CR or LF).
   */
  private static Headers jdkHeaders(Map<String, List<String>> headers) {
    Headers h = new Headers();
    try {
      headers.forEach((name, values) -> values.forEach(v -> h.add(name, v)));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return h;
  }
}
