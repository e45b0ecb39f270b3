package io.tracebridge.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * W3C Trace Context Level 2: the {@code traceparent} and {@code tracestate} headers, following the
 * specification's processing model.
 *
 * <p>Extract:
 * <ul>
 *   <li>{@code traceparent} must be exactly one header. Version {@code 00} is exactly 55 characters;
 *       a higher version (but not {@code ff}) is parsed by its first 55 characters, which may be
 *       followed only by {@code -} and more data. Ids and flags are lowercase hex; uppercase, all-zero
 *       trace or parent ids, and anything else make the header invalid, and then the trace restarts:
 *       the original context comes back, and {@code tracestate} is not read.</li>
 *   <li>Flags keep the sampled bit and the Level 2 random bit; other bits are reserved and dropped.</li>
 *   <li>All {@code tracestate} headers are combined. Members are validated: keys (simple or
 *       {@code tenant@system}), values, at most 32 members, no duplicate key. An invalid
 *       {@code tracestate} is discarded as a whole, and never invalidates a valid {@code traceparent}.</li>
 * </ul>
 *
 * <p>Inject writes version {@code 00}, and a {@code tracestate} of at most 512 characters: if it is
 * longer, entries over 128 characters go first, then entries from the end, always whole.
 */
public final class TraceContextPropagator implements TextMapPropagator {
  /** The {@code traceparent} header. */
  public static final String TRACEPARENT = "traceparent";

  /** The {@code tracestate} header. */
  public static final String TRACESTATE = "tracestate";

  static final int TRACEPARENT_LENGTH = 55;
  static final int MAX_TRACESTATE_MEMBERS = 32;
  static final int MAX_TRACESTATE_LENGTH = 512;
  static final int LONG_ENTRY = 128;

  private static final TraceContextPropagator INSTANCE = new TraceContextPropagator();
  private static final List<String> FIELDS = List.of(TRACEPARENT, TRACESTATE);
  /** Values read per header name at most: more is hostile. */
  private static final int MAX_HEADER_VALUES = 64;

  private TraceContextPropagator() {}

  /**
   * Returns the propagator.
   *
   * @return the shared instance
   */
  public static TraceContextPropagator getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return FIELDS;
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    if (context == null || setter == null) {
      return;
    }
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()) {
      return;
    }
    String traceparent = format(span);
    if (traceparent == null) {
      return;
    }
    setter.set(carrier, TRACEPARENT, traceparent);
    String tracestate = formatTraceState(span.getTraceState());
    if (!tracestate.isEmpty()) {
      setter.set(carrier, TRACESTATE, tracestate);
    }
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    if (context == null) {
      return Context.root();
    }
    if (getter == null) {
      return context;
    }
    String traceparent = Grammar.single(getter, carrier, TRACEPARENT);
    if (traceparent == null) {
      return context; // none, or duplicated: restart the trace
    }
    SpanContext parent = parseTraceparent(traceparent);
    if (parent == null) {
      return context;
    }
    TraceState state =
        parseTraceState(Grammar.all(getter, carrier, TRACESTATE, MAX_HEADER_VALUES));
    SpanContext remote =
        state.isEmpty()
            ? parent
            : SpanContext.createFromRemoteParent(
                parent.getTraceId(), parent.getSpanId(), parent.getTraceFlags(), state);
    return context.with(Span.wrap(remote));
  }

  /** Parses a {@code traceparent}; {@code null} if it is invalid. The trace state is empty. */
  static SpanContext parseTraceparent(String header) {
    String h = Grammar.trimOws(header);
    if (h.length() < TRACEPARENT_LENGTH || !Grammar.isLowerHex(h, 0, 2)) {
      return null;
    }
    boolean version00 = h.charAt(0) == '0' && h.charAt(1) == '0';
    if (h.charAt(0) == 'f' && h.charAt(1) == 'f') {
      return null;
    }
    if (version00 && h.length() != TRACEPARENT_LENGTH) {
      return null;
    }
    if (!version00 && h.length() > TRACEPARENT_LENGTH && h.charAt(TRACEPARENT_LENGTH) != '-') {
      return null;
    }
    if (h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
      return null;
    }
    if (!Grammar.isLowerHex(h, 53, 55)) {
      return null;
    }
    int flags = (Grammar.hexValue(h.charAt(53)) << 4) | Grammar.hexValue(h.charAt(54));
    return Grammar.remoteParent(h.substring(3, 35), h.substring(36, 52), (byte) (flags & 0x03));
  }

  static String format(SpanContext span) {
    String traceId = span.getTraceId();
    String spanId = span.getSpanId();
    if (!Grammar.isApiSpanContext(span)
        && (traceId.length() != 32 || spanId.length() != 16
            || !Grammar.isLowerHex(traceId, 0, 32) || !Grammar.isLowerHex(spanId, 0, 16))) {
      return null;
    }
    return IdHeaders.traceparent(traceId, spanId, span.getTraceFlags().asByte() & 0x03);
  }

  /** Combines and parses {@code tracestate} headers; the default (empty) state if any is invalid. */
  static TraceState parseTraceState(List<String> headers) {
    if (headers.isEmpty()) {
      return TraceState.getDefault();
    }
    List<String[]> members = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (String header : headers) {
      int start = 0;
      int length = header.length();
      while (start <= length) {
        int comma = header.indexOf(',', start);
        int end = comma < 0 ? length : comma;
        int from = start;
        int to = end;
        while (from < to && Grammar.isOws(header.charAt(from))) {
          from++;
        }
        while (to > from && Grammar.isOws(header.charAt(to - 1))) {
          to--;
        }
        start = end + 1;
        if (from == to) { // empty members (",,") cost a scan, nothing more
          if (comma < 0) {
            break;
          }
          continue;
        }
        String member = header.substring(from, to);
        int eq = member.indexOf('=');
        if (eq < 0) {
          return TraceState.getDefault();
        }
        String key = member.substring(0, eq);
        String value = member.substring(eq + 1);
        if (!isValidKey(key) || !isValidValue(value) || !keys.add(key)
            || members.size() == MAX_TRACESTATE_MEMBERS) {
          return TraceState.getDefault();
        }
        members.add(new String[] {key, value});
        if (comma < 0) {
          break;
        }
      }
    }
    TraceStateBuilder builder = TraceState.builder();
    for (int i = members.size() - 1; i >= 0; i--) { // put() adds at the front
      builder.put(members.get(i)[0], members.get(i)[1]);
    }
    TraceState state = builder.build();
    return state.size() == members.size() ? state : TraceState.getDefault();
  }

  /** {@code simple-key / tenant-id "@" system-id}, per the Trace Context grammar. */
  static boolean isValidKey(String key) {
    int at = key.indexOf('@');
    if (at < 0) {
      return key.length() <= 256 && key.length() >= 1 && isLcAlpha(key.charAt(0)) && keyTail(key, 1, key.length());
    }
    if (key.indexOf('@', at + 1) >= 0) {
      return false;
    }
    int tenant = at;
    int system = key.length() - at - 1;
    return tenant >= 1 && tenant <= 241
        && (isLcAlpha(key.charAt(0)) || isDigit(key.charAt(0)))
        && keyTail(key, 1, at)
        && system >= 1 && system <= 14
        && isLcAlpha(key.charAt(at + 1))
        && keyTail(key, at + 2, key.length());
  }

  private static boolean keyTail(String key, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = key.charAt(i);
      if (!(isLcAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** {@code 0*255(chr) nblk-chr}: printable ASCII without ',' and '=', not ending in a space. */
  static boolean isValidValue(String value) {
    int n = value.length();
    if (n < 1 || n > 256 || value.charAt(n - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Formats valid entries, truncated to 512 characters by dropping whole entries. */
  static String formatTraceState(TraceState state) {
    if (state == null || state.isEmpty()) {
      return "";
    }
    List<String> entries = new ArrayList<>(state.size());
    state.forEach(
        (key, value) -> {
          if (entries.size() < MAX_TRACESTATE_MEMBERS && isValidKey(key) && isValidValue(value)) {
            entries.add(key + "=" + value);
          }
        });
    while (joinedLength(entries) > MAX_TRACESTATE_LENGTH) {
      int victim = entries.size() - 1; // entries over 128 characters go first, the last of them first
      for (int i = entries.size() - 1; i >= 0; i--) {
        if (entries.get(i).length() > LONG_ENTRY) {
          victim = i;
          break;
        }
      }
      entries.remove(victim);
    }
    return String.join(",", entries);
  }

  private static int joinedLength(List<String> entries) {
    int total = Math.max(0, entries.size() - 1);
    for (String e : entries) {
      total += e.length();
    }
    return total;
  }

  @Override
  public String toString() {
    return "TraceContextPropagator";
  }
}
