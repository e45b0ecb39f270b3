package io.tracebridge.okhttp.httpserver;

import com.sun.net.httpserver.Headers;
import java.util.Locale;

/**
 * The original client's address from {@code Forwarded: for=...} (RFC 7239) or {@code
 * X-Forwarded-For}, as the HTTP semantic conventions ask for {@code client.address}: the first
 * (leftmost) entry, without port or brackets. Bounded: only the first 256 characters of the header
 * are read, and anything that is not an address-like token gives {@code null} (then the
 * connection's peer is the client). It is an attribute, never a trust decision.
 */
final class ForwardedFor {
  private static final int MAX_READ = 256;

  private ForwardedFor() {}

  /** The leftmost client address the proxies name, or {@code null}. */
  static String client(Headers headers) {
    String forwarded = headers.getFirst("Forwarded");
    if (forwarded != null) {
      String value = head(forwarded);
      for (String pair : value.split("[;,]")) {
        String p = pair.trim();
        if (p.regionMatches(true, 0, "for=", 0, 4)) {
          return address(p.substring(4));
        }
      }
    }
    String xff = headers.getFirst("X-Forwarded-For");
    if (xff != null) {
      String value = head(xff);
      int comma = value.indexOf(',');
      return address(comma < 0 ? value : value.substring(0, comma));
    }
    return null;
  }

  private static String head(String value) {
    return value.length() > MAX_READ ? value.substring(0, MAX_READ) : value;
  }

  /**
   * {@code 192.0.2.60}, {@code "[2001:db8::1]:4711"} or {@code 192.0.2.60:8080} to the bare
   * address.
   */
  private static String address(String raw) {
    String a = raw.trim();
    if (a.length() >= 2 && a.startsWith("\"") && a.endsWith("\"")) {
      a = a.substring(1, a.length() - 1);
    }
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      a = close < 0 ? "" : a.substring(1, close);
    } else if (a.indexOf(':') == a.lastIndexOf(':') && a.indexOf(':') > 0) {
      a = a.substring(0, a.indexOf(':')); // IPv4 or name with a port
    }
    if (a.isEmpty() || a.toLowerCase(Locale.ROOT).equals("unknown") || a.startsWith("_")) {
      return null; // RFC 7239: "unknown" and obfuscated identifiers name no address
    }
    for (int i = 0; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c >= 0x80 || !(Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '-')) {
        return null;
      }
    }
    return a;
  }
}
