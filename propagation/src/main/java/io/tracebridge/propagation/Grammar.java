package io.tracebridge.propagation;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Character classes and header helpers shared by the propagators. Every check is linear. */
final class Grammar {
  /** Iterator steps read per header at most, nulls included: more is hostile. */
  private static final int MAX_STEPS = 256;

  private static final Class<?> API_SPAN_CONTEXT =
      SpanContext.create(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getDefault(),
              TraceState.getDefault())
          .getClass();

  private Grammar() {}

  static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Whether {@code s[from, to)} is all lowercase hex. */
  static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isLowerHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} is all lowercase hex and not all '0': a valid W3C or B3 id. */
  static boolean isNonZeroLowerHex(String s, int from, int to) {
    boolean nonZero = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isLowerHex(c)) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /**
   * Returns the remote parent with these ids, or {@code null} if they are not valid ids. The API
   * checks them exactly as the specs require (32 and 16 lowercase hex digits, not all zeros) and
   * gives an invalid context otherwise, so they are checked once, there. Its check throws for some
   * characters (U+FFFF runs past its lookup table in API 1.63), which counts as invalid here.
   */
  static SpanContext remoteParent(String traceId, String spanId, byte flags) {
    SpanContext parent;
    try {
      parent =
          SpanContext.createFromRemoteParent(
              traceId, spanId, TraceFlags.fromByte(flags), TraceState.getDefault());
    } catch (RuntimeException e) {
      return null;
    }
    return parent.isValid() ? parent : null;
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** RFC 7230 {@code tchar}: the characters of a header-field token. */
  static boolean isTokenChar(char c) {
    return c < 0x80 && TOKEN_CHARS[c];
  }

  private static final boolean[] TOKEN_CHARS = new boolean[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      TOKEN_CHARS[c] = computeTokenChar(c);
    }
  }

  private static boolean computeTokenChar(char c) {
    if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      return true;
    }
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '|':
      case '~':
        return true;
      default:
        return false;
    }
  }

  static boolean isToken(String s) {
    if (s.length() == 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** Trims optional white space (spaces and tabs, not other control characters). */
  static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isOws(s.charAt(start))) {
      start++;
    }
    while (end > start && isOws(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /**
   * Returns every value the carrier holds for {@code key}, tolerating getters that throw or return
   * nulls. Stops after {@code maxValues} values, so a hostile carrier cannot make this unbounded.
   */
  static <C> List<String> all(TextMapGetter<C> getter, C carrier, String key, int maxValues) {
    List<String> values = null;
    try {
      if (MapCarrier.isSingleValued(getter)) {
        String value = getter.get(carrier, key);
        return value == null ? List.of() : List.of(value);
      }
      Iterator<String> it = getter.getAll(carrier, key);
      int steps = 0;
      while (it != null && it.hasNext() && steps++ < MAX_STEPS) {
        String v = it.next();
        if (v != null) {
          if (values == null) {
            values = new ArrayList<>(1);
          }
          values.add(v);
          if (values.size() == maxValues) {
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      return List.of();
    }
    return values == null ? List.of() : values;
  }

  /**
   * Returns the carrier's value for {@code key} if it has exactly one, or {@code null} if it has
   * none, several, or its getter throws: a header that must occur once is treated as absent when
   * repeated.
   */
  static <C> String single(TextMapGetter<C> getter, C carrier, String key) {
    try {
      if (MapCarrier.isSingleValued(getter)) {
        return getter.get(carrier, key);
      }
      Iterator<String> it = getter.getAll(carrier, key);
      String first = null;
      int steps = 0;
      while (it != null && it.hasNext() && steps++ < MAX_STEPS) {
        String v = it.next();
        if (v != null) {
          if (first != null) {
            return null;
          }
          first = v;
        }
      }
      return first;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether {@code span} is the API's own {@code SpanContext} implementation, whose {@code
   * isValid()} already guarantees lowercase hex ids of the right length that are not all zeros, so
   * injection need not check them again. Other implementations are checked character by character.
   */
  static boolean isApiSpanContext(SpanContext span) {
    return span.getClass() == API_SPAN_CONTEXT;
  }

  /**
   * Returns the carrier's keys, at most {@code MAX_STEPS} of them, read while tolerating getters
   * and iterators that throw (what was read before a throw is kept).
   */
  @SuppressWarnings(
      "deprecation") // keys() is deprecated from OpenTelemetry 1.67, and still the only way
  static <C> List<String> keys(TextMapGetter<C> getter, C carrier) {
    List<String> read = new ArrayList<>();
    try {
      Iterable<String> keys = getter.keys(carrier);
      if (keys != null) {
        for (String key : keys) {
          if (read.size() == MAX_STEPS) {
            break;
          }
          read.add(key);
        }
      }
    } catch (RuntimeException e) {
      // a hostile or broken getter: keep what was read
    }
    return read;
  }
}
