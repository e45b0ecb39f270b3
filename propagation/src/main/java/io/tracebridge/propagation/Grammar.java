package io.tracebridge.propagation;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Character classes and header helpers shared by the propagators. Every check is linear. */
final class Grammar {
  private Grammar() {}

  static boolean isLowerHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Whether {@code s[from, to)} is all lowercase hex. */
  static boolean isLowerHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isLowerHex(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s[from, to)} is all '0'. */
  static boolean isAllZeros(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
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
    if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      return true;
    }
    switch (c) {
      case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
      case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
      default:
        return false;
    }
  }

  static boolean isToken(CharSequence s) {
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
    List<String> values = new ArrayList<>(1);
    try {
      Iterator<String> it = getter.getAll(carrier, key);
      while (it != null && it.hasNext() && values.size() < maxValues) {
        String v = it.next();
        if (v != null) {
          values.add(v);
        }
      }
    } catch (RuntimeException e) {
      return List.of();
    }
    return values;
  }

  /** Returns the carrier's keys, tolerating getters that throw. */
  static <C> Iterable<String> keys(TextMapGetter<C> getter, C carrier) {
    try {
      Iterable<String> keys = getter.keys(carrier);
      return keys == null ? List.of() : keys;
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
