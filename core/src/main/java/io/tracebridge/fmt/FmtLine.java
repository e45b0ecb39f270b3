package io.tracebridge.fmt;

import io.tracebridge.Fields;
import io.tracebridge.Level;
import io.tracebridge.subscriber.TraceIds;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One line for {@link FmtLayer} to print, whether an event or a span-close notice.
 *
 * @param epochNanos when it happened
 * @param level the level
 * @param threadName the thread it happened on
 * @param target the target
 * @param message the message, possibly empty
 * @param fields the event's fields
 * @param scope the enclosing spans this layer saw, outermost first
 * @param bareStrings whether text formats print string values unquoted, as for the preformatted
 *     durations of a span-close line
 * @param ids the trace ids of the nearest span that has them, or {@code null}
 */
record FmtLine(
    long epochNanos,
    Level level,
    String threadName,
    String target,
    String message,
    Fields fields,
    List<FmtLine.ScopeEntry> scope,
    boolean bareStrings,
    @Nullable TraceIds ids) {

  /**
   * A span in the scope of a line, with its fields already rendered by the line's format.
   *
   * @param name the span name
   * @param renderedFields the span's fields in the format's syntax, empty if none
   */
  record ScopeEntry(String name, String renderedFields) {}
}
