package io.tracebridge.slf4j.mdc;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One thread's entered spans, innermost last, each with the MDC values its enter replaced. Arrays
 * are reused, so a steady enter/exit rhythm allocates nothing.
 */
final class MdcStack {
  private final int width;
  private long[] ids = new long[8];
  private String[][] saved = new String[8][];
  private int depth;

  MdcStack(int width) {
    this.width = width;
  }

  /** Pushes an entry for {@code spanId} and returns the array to save the MDC's values in. */
  String[] push(long spanId) {
    if (depth == ids.length) {
      ids = Arrays.copyOf(ids, depth * 2);
      saved = Arrays.copyOf(saved, depth * 2);
    }
    String[] values = saved[depth];
    if (values == null) {
      values = saved[depth] = new String[width];
    }
    ids[depth++] = spanId;
    return values;
  }

  /**
   * Removes the innermost entry of {@code spanId}. Returns the values to restore if it was the
   * innermost entry; if an inner span is still entered (spans closed out of order), the MDC must
   * keep showing that one, so the values pass to the entry above and {@code null} is returned. An
   * exit with no entry (the layer was added while the span was entered) returns {@code null}.
   */
  String @Nullable [] pop(long spanId) {
    int i = depth - 1;
    while (i >= 0 && ids[i] != spanId) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    String[] values = saved[i];
    if (i == depth - 1) {
      depth--;
      return values;
    }
    // The entry above inherits what this one would have restored; the arrays shift down.
    System.arraycopy(values, 0, saved[i + 1], 0, width);
    System.arraycopy(ids, i + 1, ids, i, depth - 1 - i);
    System.arraycopy(saved, i + 1, saved, i, depth - 1 - i);
    saved[depth - 1] = values; // keep the array for reuse
    depth--;
    return null;
  }
}
