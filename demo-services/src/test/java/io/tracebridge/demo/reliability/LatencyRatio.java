package io.tracebridge.demo.reliability;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One copy's latency percentile over another's, with a 95% paired-bootstrap interval. The two
 * arrays hold requests sent in the same rounds ({@code a[i]} and {@code b[i]} went out one after
 * the other), so resampling rounds rather than requests keeps what each round's machine noise did
 * to both.
 *
 * <p>A latency bound is then judged as a scientist would: a copy is slower than the bound only when
 * the whole interval lies above it. On a 2-core machine running six JVMs, one p99 of 6,000 requests
 * moves by up to 10% from run to run on its own (see docs/reliability.md); a point estimate over
 * the bound by less than that is noise, not a regression, and the interval says which it is.
 *
 * @param point the ratio of the two percentiles as measured
 * @param low the interval's lower end
 * @param high the interval's upper end
 */
record LatencyRatio(double point, double low, double high) {
  private static final int RESAMPLES = 2_000;

  /**
   * Compares {@code percentile} of {@code a} with that of {@code b}.
   *
   * @param a the copy under test, one latency per round
   * @param b the copy it is compared with, the same rounds
   * @param percentile 50 for the median, 99 for p99
   * @return a's percentile over b's, with its interval
   */
  static LatencyRatio of(long[] a, long[] b, int percentile) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException(
          "paired samples must have one equal, non-zero length: " + a.length + " and " + b.length);
    }
    SplittableRandom random = new SplittableRandom(a.length * 31L + percentile);
    double[] ratios = new double[RESAMPLES];
    long[] ra = new long[a.length];
    long[] rb = new long[b.length];
    for (int r = 0; r < RESAMPLES; r++) {
      for (int i = 0; i < a.length; i++) {
        int round = random.nextInt(a.length);
        ra[i] = a[round];
        rb[i] = b[round];
      }
      ratios[r] = (double) percentile(ra, percentile) / percentile(rb, percentile);
    }
    Arrays.sort(ratios);
    return new LatencyRatio(
        (double) percentile(a.clone(), percentile) / percentile(b.clone(), percentile),
        ratios[(int) (RESAMPLES * 0.025)],
        ratios[(int) (RESAMPLES * 0.975) - 1]);
  }

  /** The {@code percentile}th value of {@code values}, which it sorts in place. */
  static long percentile(long[] values, int percentile) {
    Arrays.sort(values);
    return values[Math.min(values.length - 1, values.length * percentile / 100)];
  }

  /** Whether the copy is slower than {@code bound} beyond noise: the whole interval is above it. */
  boolean exceeds(double bound) {
    return low > bound;
  }

  @Override
  public String toString() {
    return String.format("%.3f× (95%% interval %.3f–%.3f)", point, low, high);
  }
}
