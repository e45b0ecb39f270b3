package io.tracebridge.propagation;

/**
 * Builds the id-carrying header values ({@code traceparent}, B3's single header, Jaeger's {@code
 * uber-trace-id}) in one thread-local buffer and one {@code String}, as OpenTelemetry's propagators
 * do. A {@code +} concatenation allocates the same, but on a call site that runs a few thousand
 * times a second (once per request) its {@code StringConcatFactory} linkage stays uninlined and
 * costs more than the rest of the injection.
 */
final class IdHeaders {
  private static final int BUFFER = 128;
  private static final ThreadLocal<char[]> CHARS = ThreadLocal.withInitial(() -> new char[BUFFER]);

  private IdHeaders() {}

  /** {@code 00-traceId-spanId-ff}. */
  static String traceparent(String traceId, String spanId, int flags) {
    char[] c = CHARS.get();
    int n = put(c, 0, "00-");
    n = put(c, n, traceId);
    c[n++] = '-';
    n = put(c, n, spanId);
    c[n++] = '-';
    c[n++] = hexDigit(flags >> 4);
    c[n++] = hexDigit(flags & 0xf);
    return new String(c, 0, n);
  }

  /** {@code first + separator + second + separator + tail}, e.g. B3's {@code trace-span-1}. */
  static String join(String first, char separator, String second, String tail) {
    int length = first.length() + second.length() + tail.length() + 2;
    if (length > BUFFER) {
      return first + separator + second + separator + tail;
    }
    char[] c = CHARS.get();
    int n = put(c, 0, first);
    c[n++] = separator;
    n = put(c, n, second);
    c[n++] = separator;
    n = put(c, n, tail);
    return new String(c, 0, n);
  }

  private static int put(char[] into, int at, String s) {
    s.getChars(0, s.length(), into, at);
    return at + s.length();
  }

  private static char hexDigit(int v) {
    return (char) (v < 10 ? '0' + v : 'a' + v - 10);
  }
}
