package io.tracebridge.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
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
 *
 * <ul>
 *   <li>{@code traceparent} must be exactly one header. Version {@code 00} is exactly 55
 *       characters; a higher version (but not {@code ff}) is parsed by its first 55 characters,
 *       which may be followed only by {@code -} and more data. Ids and flags are lowercase hex;
 *       uppercase, all-zero trace or parent ids, and anything else make the header invalid, and
 *       then the trace restarts: the original context comes back, and {@code tracestate} is not
 *       read.
 *   <li>Flags keep the sampled bit and the Level 2 random bit; other bits are reserved and dropped.
 *   <li>All {@code tracestate} headers are combined. Members are validated: keys by the Level 2
 *       grammar, values, at most 32 members. A repeated key keeps its first member and the later
 *       ones are discarded. An invalid {@code tracestate} is discarded as a whole, and never
 *       invalidates a valid {@code traceparent}. Entries OpenTelemetry's {@code TraceState} refuses
 *       (it applies Level 1 keys) are kept beside it and forwarded (see {@link
 *       ForwardedTraceState}).
 * </ul>
 *
 * <p>Inject writes version {@code 00}, and a {@code tracestate} of at most 512 characters: if it is
 * longer, entries over 128 characters go first, then entries from the end, always whole.
 */
public final class TraceContextPropagator extends NullSafePropagator {
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
  <C> void injectInto(Context context, C carrier, TextMapSetter<C> setter) {
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()) {
      return;
    }
    String traceparent = format(span);
    if (traceparent == null) {
      return;
    }
    setter.set(carrier, TRACEPARENT, traceparent);
    List<String> kept = ForwardedTraceState.entries(context, span);
    String tracestate = kept != null ? formatEntries(kept) : formatTraceState(span.getTraceState());
    if (!tracestate.isEmpty()) {
      setter.set(carrier, TRACESTATE, tracestate);
    }
  }

  @Override
  <C> Context extractFrom(Context context, C carrier, TextMapGetter<C> getter) {
    String traceparent = Grammar.single(getter, carrier, TRACEPARENT);
    if (traceparent == null) {
      return context; // none, or duplicated: restart the trace
    }
    SpanContext parent = parseTraceparent(traceparent);
    if (parent == null) {
      return context;
    }
    List<String[]> members =
        parseMembers(Grammar.all(getter, carrier, TRACESTATE, MAX_HEADER_VALUES));
    if (members == null || members.isEmpty()) {
      return context.with(Span.wrap(parent));
    }
    TraceState state = toTraceState(members);
    SpanContext remote =
        state.isEmpty()
            ? parent
            : SpanContext.createFromRemoteParent(
                parent.getTraceId(), parent.getSpanId(), parent.getTraceFlags(), state);
    // Entries OpenTelemetry's TraceState refuses (Level 2 keys) are kept beside it and forwarded.
    return ForwardedTraceState.with(context.with(Span.wrap(remote)), remote, state, members);
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
        && (traceId.length() != 32
            || spanId.length() != 16
            || !Grammar.isLowerHex(traceId, 0, 32)
            || !Grammar.isLowerHex(spanId, 0, 16))) {
      return null;
    }
    return IdHeaders.traceparent(traceId, spanId, span.getTraceFlags().asByte() & 0x03);
  }

  /**
   * Combines and parses {@code tracestate} headers into OpenTelemetry's {@link TraceState}: the
   * default (empty) state if they are invalid. Entries it cannot hold (Level 2 keys) are left out.
   */
  static TraceState parseTraceState(List<String> headers) {
    List<String[]> members = parseMembers(headers);
    return members == null ? TraceState.getDefault() : toTraceState(members);
  }

  /**
   * Combines and parses {@code tracestate} headers into their members, in order; {@code null} if
   * the combined header is invalid (a member without {@code =}, a bad key or value, more than 32
   * members). A repeated key keeps its first member; later ones are discarded, as the specification
   * allows, and the rest is kept.
   */
  static List<String[]> parseMembers(List<String> headers) {
    if (headers.isEmpty()) {
      return List.of();
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
          return null;
        }
        String key = member.substring(0, eq);
        String value = member.substring(eq + 1);
        if (!isValidKey(key) || !isValidValue(value)) {
          return null;
        }
        if (!keys.add(key)) {
          if (comma < 0) {
            break;
          }
          continue; // a duplicate: the first one stands
        }
        if (members.size() == MAX_TRACESTATE_MEMBERS) {
          return null;
        }
        members.add(new String[] {key, value});
        if (comma < 0) {
          break;
        }
      }
    }
    return members;
  }

  /**
   * The members OpenTelemetry's {@link TraceState} accepts, in order: it refuses some valid Level 2
   * keys ({@link ForwardedTraceState} keeps those).
   */
  static TraceState toTraceState(List<String[]> members) {
    TraceStateBuilder builder = TraceState.builder();
    for (int i = members.size() - 1; i >= 0; i--) { // put() adds at the front
      builder.put(members.get(i)[0], members.get(i)[1]);
    }
    return builder.build();
  }

  /**
   * The Level 2 key grammar: {@code key = ( lcalpha / DIGIT ) 0*255( keychar )}, where {@code
   * keychar} is {@code lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@"}. (Level 1's {@code
   * tenant@system} form, with its 241 and 14 character limits, is a subset.)
   */
  static boolean isValidKey(String key) {
    int n = key.length();
    if (n < 1 || n > 256) {
      return false;
    }
    char first = key.charAt(0);
    return (isLcAlpha(first) || isDigit(first)) && keyTail(key, 1, n);
  }

  private static boolean keyTail(String key, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = key.charAt(i);
      if (!(isLcAlpha(c)
          || isDigit(c)
          || c == '_'
          || c == '-'
          || c == '*'
          || c == '/'
          || c == '@')) {
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
    return truncate(entries);
  }

  /**
   * Formats entries ({@code key=value}, already valid), at most 32, truncated to 512 characters.
   */
  static String formatEntries(List<String> kept) {
    List<String> entries =
        new ArrayList<>(
            kept.size() > MAX_TRACESTATE_MEMBERS ? kept.subList(0, MAX_TRACESTATE_MEMBERS) : kept);
    return truncate(entries);
  }

  /**
   * Drops whole entries until the joined header fits 512 characters: long ones first, then from the
   * end.
   */
  private static String truncate(List<String> entries) {
    while (joinedLength(entries) > MAX_TRACESTATE_LENGTH) {
      int victim =
          entries.size() - 1; // entries over 128 characters go first, the last of them first
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
