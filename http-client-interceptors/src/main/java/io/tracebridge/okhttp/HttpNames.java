package io.tracebridge.okhttp;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Protocol;

/** Semantic-convention helpers: methods, redacted URLs, protocol versions, captured headers. */
final class HttpNames {
  static final Set<String> DEFAULT_METHODS =
      Set.of("CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");
  static final Set<String> DEFAULT_SENSITIVE_PARAMETERS =
      Set.of("AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature");
  static final String REDACTED = "REDACTED";

  private HttpNames() {}

  /** Redacts userinfo and the values of sensitive query parameters (names compared exactly). */
  static String redact(HttpUrl url, Set<String> sensitive) {
    HttpUrl.Builder b = url.newBuilder();
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      b.username(REDACTED).password(REDACTED);
    }
    if (url.querySize() > 0) {
      b.query(null);
      for (int i = 0; i < url.querySize(); i++) {
        String name = url.queryParameterName(i);
        String value = url.queryParameterValue(i);
        b.addQueryParameter(name, value != null && sensitive.contains(name) ? REDACTED : value);
      }
    }
    return b.build().toString();
  }

  static String protocolVersion(Protocol protocol) {
    switch (protocol.toString()) {
      case "http/1.0":
        return "1.0";
      case "http/1.1":
        return "1.1";
      case "h2":
      case "h2_prior_knowledge":
        return "2";
      case "h3":
        return "3";
      default:
        return protocol.toString();
    }
  }

  static String headerAttribute(String prefix, String name) {
    return prefix + name.toLowerCase(Locale.ROOT);
  }

  static String[] values(Headers headers, String name) {
    List<String> values = headers.values(name);
    return values.toArray(new String[0]);
  }
}
