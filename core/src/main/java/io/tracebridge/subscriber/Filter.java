package io.tracebridge.subscriber;

import io.tracebridge.Dispatch;
import io.tracebridge.Level;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.filter.EnvFilter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Decides which levels and targets a layer of a {@link Registry} receives.
 *
 * <p>Answers are cached per target by each {@link Tracer}, so a filter must be a pure function of
 * its arguments (or call {@link Dispatch#rebuildInterestCache()} when it changes).
 *
 * @see EnvFilter for the {@code RUST_LOG}-style directive syntax
 */
@FunctionalInterface
public interface Filter {
  /**
   * Returns whether spans and events of {@code level} from {@code target} pass.
   *
   * @param level the level
   * @param target the target, usually a class name
   * @return {@code true} if they pass
   */
  boolean enabled(Level level, String target);

  /**
   * Returns the most verbose level this filter could ever pass, or {@code null} if it passes
   * nothing. The default admits everything.
   *
   * @return the most verbose level passed, or {@code null}
   */
  default @Nullable Level maxLevelHint() {
    return Level.TRACE;
  }

  /**
   * Returns a filter that passes {@code level} and every more severe level, for every target.
   *
   * @param level the most verbose level to pass
   * @return the filter
   */
  static Filter atLeast(Level level) {
    Objects.requireNonNull(level, "level");
    return new Filter() {
      @Override
      public boolean enabled(Level l, String target) {
        return l.isAtLeast(level);
      }

      @Override
      public Level maxLevelHint() {
        return level;
      }

      @Override
      public String toString() {
        return "Filter.atLeast(" + level + ")";
      }
    };
  }

  /**
   * Returns a filter that passes everything.
   *
   * @return the filter
   */
  static Filter all() {
    return atLeast(Level.TRACE);
  }
}
