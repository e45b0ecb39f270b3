package io.tracebridge.propagation;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code tracestate} that came in with entries OpenTelemetry's {@link TraceState} refuses, kept
 * in the {@link Context} beside the remote parent so that injecting the same trace forwards them.
 *
 * <p>OpenTelemetry's {@code TraceState} (API 1.63 to 1.68 at least) still applies the Level 1 key
 * grammar: it refuses Level 2 keys such as {@code 1abc}, {@code foo@} or a 242-character tenant.
 * Those entries are valid on the wire, so they are kept here, in their place, and written back when
 * a span of the same trace is injected:
 *
 * <ul>
 *   <li>if the span's trace state is still the one extracted (no one added, changed or removed an
 *       entry), the header goes out exactly as it came in (after the specification's truncation);
 *   <li>if it changed (a vendor updated its entry, which moves it to the front), the span's entries
 *       go first, followed by the kept entries OpenTelemetry could not hold, in their order.
 * </ul>
 *
 * <p>Matched by trace id, so a span of another trace never inherits them. Only allocated when an
 * entry was refused: an ordinary {@code tracestate} costs nothing here.
 */
final class ForwardedTraceState {
  private static final ContextKey<ForwardedTraceState> KEY =
      ContextKey.named("tracebridge-forwarded-tracestate");

  private final String traceId;
  private final TraceState held;

  /** Every entry that came in, in order, as {@code key=value}. */
  private final List<String> entries;

  /** The entries {@link #held} lacks, in order, as {@code key=value}. */
  private final List<String> refused;

  private ForwardedTraceState(
      String traceId, TraceState held, List<String> entries, List<String> refused) {
    this.traceId = traceId;
    this.held = held;
    this.entries = entries;
    this.refused = refused;
  }

  /**
   * {@code context} with the entries of {@code members} that {@code held} (built from them) lacks,
   * if any; {@code context} itself otherwise.
   */
  static Context with(
      Context context, SpanContext remote, TraceState held, List<String[]> members) {
    if (held.size() == members.size()) {
      return context;
    }
    List<String> all = new ArrayList<>(members.size());
    List<String> refused = new ArrayList<>();
    for (String[] member : members) {
      String entry = member[0] + "=" + member[1];
      all.add(entry);
      if (held.get(member[0]) == null) {
        refused.add(entry);
      }
    }
    return context.with(
        KEY,
        new ForwardedTraceState(remote.getTraceId(), held, List.copyOf(all), List.copyOf(refused)));
  }

  /**
   * The entries to inject for {@code span} from {@code context}, in order, before truncation; or
   * {@code null} if nothing was kept for its trace (then its own trace state is all there is).
   */
  static List<String> entries(Context context, SpanContext span) {
    ForwardedTraceState kept = context.get(KEY);
    if (kept == null || !kept.traceId.equals(span.getTraceId())) {
      return null;
    }
    TraceState state = span.getTraceState();
    if (state.equals(kept.held)) {
      return kept.entries;
    }
    List<String> merged = new ArrayList<>(state.size() + kept.refused.size());
    state.forEach((key, value) -> merged.add(key + "=" + value));
    merged.addAll(kept.refused);
    return merged;
  }
}
