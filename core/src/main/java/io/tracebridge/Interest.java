package io.tracebridge;

/**
 * What one {@link Tracer} caches about the installed subscribers, computed once per {@link
 * Dispatch} epoch: which levels any live registry enables for the tracer's target, and, per level,
 * which layers of the global registry see it, so that a span or event of that tracer is dispatched
 * without asking every layer's filter again. Immutable; tracers publish it through a benign race,
 * as a stale one only forces a recompute.
 */
final class Interest {
  /** Matches no epoch, so the first use computes the real interest. */
  static final Interest UNKNOWN = new Interest(-1, 0, null, new long[Level.values().length]);

  final int epoch;
  final int levels;
  final Registry global;
  private final long[] globalMasks;

  Interest(int epoch, int levels, Registry global, long[] globalMasks) {
    this.epoch = epoch;
    this.levels = levels;
    this.global = global;
    this.globalMasks = globalMasks;
  }

  /**
   * Returns the layers of {@code registry} that see {@code level}, or {@link Registry#UNKNOWN_MASK}
   * if {@code registry} is not the global registry this interest was computed for.
   */
  long layerMask(Registry registry, Level level) {
    return registry == global ? globalMasks[level.ordinal()] : Registry.UNKNOWN_MASK;
  }
}
