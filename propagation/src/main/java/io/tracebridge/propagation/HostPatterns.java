package io.tracebridge.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A list of host patterns: {@code *} (every host), {@code *.example.com} (any subdomain of {@code
 * example.com}, not {@code example.com} itself), an exact host name or IP literal, and the keywords
 * {@code internal} (see {@link #isInternal}). Matching ignores case.
 */
final class HostPatterns {
  private final List<String> exact = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private final boolean any;
  private final boolean internal;
  private final String source;

  private HostPatterns(String source, boolean any, boolean internal) {
    this.source = source;
    this.any = any;
    this.internal = internal;
  }

  /** Parses a comma-separated list; an empty list matches nothing. */
  static HostPatterns parse(String list, String setting) {
    boolean any = false;
    boolean internal = false;
    List<String> patterns = new ArrayList<>();
    for (String raw : list.split(",", -1)) {
      String p = raw.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("*")) {
        any = true;
      } else if (p.equals("internal")) {
        internal = true;
      } else {
        String host = p.startsWith("*.") ? p.substring(2) : p;
        if (host.isEmpty() || host.contains("*") || !isHostChars(host)) {
          throw new IllegalArgumentException(
              "invalid host pattern '"
                  + raw.trim()
                  + "' in "
                  + setting
                  + "=\""
                  + list
                  + "\" (expected *, internal, host, *.domain or an IP address)");
        }
        patterns.add(p);
      }
    }
    HostPatterns result = new HostPatterns(list, any, internal);
    for (String p : patterns) {
      if (p.startsWith("*.")) {
        result.suffixes.add(p.substring(1)); // ".example.com"
      } else {
        result.exact.add(p);
      }
    }
    return result;
  }

  private static boolean isHostChars(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c)
          || c == '.'
          || c == '-'
          || c == ':'
          || c == '['
          || c == ']'
          || c == '_')) {
        return false;
      }
    }
    return true;
  }

  boolean matches(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (any) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (internal && isInternal(h)) {
      return true;
    }
    for (String e : exact) {
      if (e.equals(h)) {
        return true;
      }
    }
    for (String suffix : suffixes) {
      if (h.endsWith(suffix) && h.length() > suffix.length()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hosts that are inside the deployment, never a third party: loopback ({@code localhost}, {@code
   * 127.0.0.0/8}, {@code ::1}), private IPv4 ranges ({@code 10/8}, {@code 172.16/12}, {@code
   * 192.168/16}), single-label names such as {@code backend} (service names in Compose or
   * Kubernetes), and names under {@code .local}, {@code .internal}, {@code .svc} or {@code
   * .cluster.local}.
   */
  static boolean isInternal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")) {
      return true;
    }
    int[] ip = ipv4(h);
    if (ip != null) {
      return ip[0] == 127
          || ip[0] == 10
          || (ip[0] == 172 && ip[1] >= 16 && ip[1] <= 31)
          || (ip[0] == 192 && ip[1] == 168);
    }
    if (h.indexOf(':') >= 0) {
      return false; // other IPv6 literals are not assumed internal
    }
    return h.indexOf('.') < 0
        || h.endsWith(".local")
        || h.endsWith(".internal")
        || h.endsWith(".svc")
        || h.endsWith(".cluster.local");
  }

  private static int[] ipv4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] ip = new int[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 3) {
        return null;
      }
      for (char c : parts[i].toCharArray()) {
        if (c < '0' || c > '9') {
          return null;
        }
      }
      ip[i] = Integer.parseInt(parts[i]);
      if (ip[i] > 255) {
        return null;
      }
    }
    return ip;
  }

  @Override
  public String toString() {
    return source;
  }
}
