package io.tracebridge.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.propagation.fuzz.ExtractorFuzzer;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer.Report;
import io.tracebridge.propagation.fuzz.ExtractorFuzzer.Target;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every extractor against hostile headers in OkHttp {@link Headers}, read through {@link
 * OkHttpCarriers#headersGetter()}: the same rules and input counts as the propagation module's fuzz
 * test. Non-ASCII values go in through {@code addUnsafeNonAscii}, as a lenient peer would send
 * them; what OkHttp refuses even then (control characters, bad names) is counted as refused.
 */
class HeadersFuzzTest {
  static Stream<Target> targets() {
    return ExtractorFuzzer.targets().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void hostileOkHttpHeadersNeverThrowNeverHalfParseAndStayUnderOneMillisecond(Target target) {
    Report report =
        ExtractorFuzzer.run(
            target,
            HeadersFuzzTest::headers,
            OkHttpCarriers.headersGetter(),
            ExtractorFuzzer.inputs(),
            ExtractorFuzzer.seed());

    System.out.println("[fuzz okhttp-headers] " + report);
    assertThat(report.inputs - report.refused).isPositive();
  }

  private static Headers headers(Map<String, List<String>> headers) {
    Headers.Builder builder = new Headers.Builder();
    try {
      headers.forEach(
          (name, values) ->
              values.forEach(
                  v -> {
                    try {
                      builder.add(name, v);
                    } catch (IllegalArgumentException nonAscii) {
                      builder.addUnsafeNonAscii(name, v);
                    }
                  }));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return builder.build();
  }
}
