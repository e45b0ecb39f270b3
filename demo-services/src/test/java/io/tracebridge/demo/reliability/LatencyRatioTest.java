package io.tracebridge.demo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyRatioTest {
  /** Latencies like the demo's: about 5 ms, with a long tail, drawn from one seed. */
  private static long[] latencies(long seed, double scale) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] values = new long[6_000];
    for (int i = 0; i < values.length; i++) {
      double ms = 4 + random.nextDouble() * 2 + (random.nextInt(100) == 0 ? 25 : 0);
      values[i] = (long) (ms * scale * 1_000_000);
    }
    return values;
  }

  @Test
  void twoCopiesDrawnFromTheSameDistributionAreNotSlowerBeyondNoise() {
    LatencyRatio p99 = LatencyRatio.of(latencies(1, 1.0), latencies(2, 1.0), 99);

    assertThat(p99.low()).isLessThanOrEqualTo(1.0);
    assertThat(p99.high()).isGreaterThanOrEqualTo(1.0);
    assertThat(p99.exceeds(1.10)).isFalse();
  }

  @Test
  void aCopyThirtyPercentSlowerExceedsATenPercentBound() {
    LatencyRatio p50 = LatencyRatio.of(latencies(1, 1.3), latencies(2, 1.0), 50);

    assertThat(p50.point()).isBetween(1.25, 1.35);
    assertThat(p50.low()).isGreaterThan(1.10);
    assertThat(p50.exceeds(1.10)).isTrue();
  }

  @Test
  void theIntervalHoldsThePointEstimate() {
    LatencyRatio p99 = LatencyRatio.of(latencies(3, 1.05), latencies(4, 1.0), 99);

    assertThat(p99.point()).isBetween(p99.low(), p99.high());
    assertThat(p99.toString()).contains("95% interval");
  }

  @Test
  void samplesOfDifferentLengthsAreRefusedByName() {
    assertThatThrownBy(() -> LatencyRatio.of(new long[3], new long[2], 99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 and 2");
  }
}
