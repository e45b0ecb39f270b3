package io.tracebridge.grpc;

/** Splits a gRPC authority ({@code host:port}, {@code [v6]:port}, or {@code host}) into its parts. */
record Authority(String host, int port) {
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
        return new Authority(host, Integer.parseInt(a.substring(colon + 1)));
      } catch (NumberFormatException e) {
        return new Authority(a, -1);
      }
    }
    String host = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
    return new Authority(host, -1);
  }
}
