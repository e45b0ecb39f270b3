package io.tracebridge.grpc;

/**
 * Splits a gRPC authority ({@code host:port}, {@code [v6]:port}, or {@code host}) into its parts;
 * {@code text} is the authority as given.
 */
record Authority(String text, String host, int port) {
  static Authority parse(String authority) {
    if (authority == null || authority.isEmpty()) {
      return null;
    }
    String a = authority;
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      a = a.substring(at + 1);
    }
    int colon = a.lastIndexOf(':');
    int bracket = a.lastIndexOf(']');
    if (colon > bracket && colon > 0) {
      try {
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        return new Authority(authority, host, Integer.parseInt(a.substring(colon + 1)));
      } catch (NumberFormatException e) {
        return new Authority(authority, a, -1);
      }
    }
    String host = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
    return new Authority(authority, host, -1);
  }

  /** Remembers the last authority parsed: a channel's, or a server's, rarely changes. */
  static final class Cache {
    private volatile Authority last;

    Authority of(String text) {
      Authority known = last;
      if (known != null && known.text().equals(text)) {
        return known;
      }
      Authority parsed = parse(text);
      if (parsed != null) {
        last = parsed;
      }
      return parsed;
    }
  }
}
