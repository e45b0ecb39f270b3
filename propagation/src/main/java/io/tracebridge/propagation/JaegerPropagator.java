package io.tracebridge.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Jaeger's native format: {@code uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}}, and
 * baggage in {@code uberctx-{key}} headers.
 *
 * <ul>
 *   <li>The trace id has 1 to 32 lowercase hex digits and the span id 1 to 16; shorter ids are
 *       left-padded with zeros; zero ids are invalid. The parent span id is deprecated and ignored.
 *       Flags are hex: bit 1 sampled, bit 2 debug (which implies sampled).
 *   <li>A URL-encoded value ({@code %3A} for {@code :}) is decoded first.
 *   <li>Baggage headers are found by listing the carrier's keys ({@code TextMapGetter.keys()}); a
 *       getter that lists none while the carrier has an {@code uber-trace-id} (a lambda getter,
 *       since OpenTelemetry 1.67 made {@code keys()} a default returning nothing) yields the trace
 *       without baggage and one WARNING per getter class naming it.
 *   <li>Baggage keys are matched by the {@code uberctx-} prefix in any case; values are
 *       URL-decoded. Invalid members are dropped alone; at most 64 are read, and at most 8192
 *       characters of keys and values in all (W3C Baggage's limits), so many headers cannot amplify
 *       memory.
 *   <li>Inject writes the 32-digit trace id, {@code 0} as parent, flags {@code 1} or {@code 0} (or
 *       {@code 3}, debug, for a trace that came in as debug: see {@link ForwardedSampling}), and
 *       one {@code uberctx-} header per baggage entry whose key is a valid header token, its value
 *       URL-encoded as UTF-8 with a space as {@code %20}, never {@code +}.
 * </ul>
 */
public final class JaegerPropagator extends NullSafePropagator {
  /** The trace header. */
  public static final String UBER_TRACE_ID = "uber-trace-id";

  /** The prefix of baggage headers. */
  public static final String BAGGAGE_PREFIX = "uberctx-";

  private static final JaegerPropagator INSTANCE = new JaegerPropagator();
  private static final int MAX_BAGGAGE = 64;
  private static final int MAX_VALUE = 4096;

  /** Bytes of baggage (keys and decoded values) read from one carrier at most, as W3C Baggage. */
  private static final int MAX_BAGGAGE_BYTES = 8192;

  private JaegerPropagator() {}

  /**
   * Returns the propagator.
   *
   * @return the shared instance
   */
  public static JaegerPropagator getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return List.of(UBER_TRACE_ID);
  }

  @Override
  <C> void injectInto(Context context, C carrier, TextMapSetter<C> setter) {
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (span.isValid()
        && (Grammar.isApiSpanContext(span)
            || (Grammar.isLowerHex(span.getTraceId(), 0, span.getTraceId().length())
                && Grammar.isLowerHex(span.getSpanId(), 0, span.getSpanId().length())))) {
      String flags =
          ForwardedSampling.isDebug(context, span) ? "0:3" : span.isSampled() ? "0:1" : "0:0";
      setter.set(
          carrier, UBER_TRACE_ID, IdHeaders.join(span.getTraceId(), ':', span.getSpanId(), flags));
    }
    Baggage baggage = Baggage.fromContext(context);
    if (baggage.isEmpty()) {
      return;
    }
    int[] written = {0};
    baggage.forEach(
        (key, entry) -> {
          if (written[0] < MAX_BAGGAGE && Grammar.isToken(key)) {
            setter.set(carrier, BAGGAGE_PREFIX + key, encode(entry.getValue()));
            written[0]++;
          }
        });
  }

  @Override
  <C> Context extractFrom(Context context, C carrier, TextMapGetter<C> getter) {
    Context result = context;
    String id = Grammar.single(getter, carrier, UBER_TRACE_ID);
    String value = id == null ? null : normalized(id);
    SpanContext remote = value == null ? null : parseNormalized(value);
    if (remote != null) {
      result = result.with(Span.wrap(remote));
      // the flags end the value; bit 2 (debug) is in the last hex digit
      if ((Grammar.hexValue(value.charAt(value.length() - 1)) & 0x2) != 0) {
        result = ForwardedSampling.with(result, remote, true);
      }
    }
    return extractBaggage(result, carrier, getter, id != null);
  }

  /** Getter classes already reported as listing no keys: one WARNING per class, ever. */
  private static final ClassValue<AtomicBoolean> REPORTED =
      new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
          return new AtomicBoolean();
        }
      };

  /**
   * A getter that lists no keys while its carrier has an {@code uber-trace-id} cannot show the
   * {@code uberctx-} headers, which are found only by listing keys: since OpenTelemetry 1.67,
   * {@code TextMapGetter.keys()} is deprecated and a getter written as a lambda lists none. Said
   * once per getter class, so the lost baggage is not silent.
   */
  private static void reportKeylessGetter(TextMapGetter<?> getter) {
    if (REPORTED.get(getter.getClass()).compareAndSet(false, true)) {
      Logger.getLogger(JaegerPropagator.class.getName())
          .warning(
              "Jaeger uberctx- baggage cannot be read through "
                  + getter.getClass().getName()
                  + ": its keys() lists no keys although the carrier has an uber-trace-id header;"
                  + " implement TextMapGetter.keys() (tracebridge's carriers do) to receive Jaeger"
                  + " baggage");
    }
  }

  static SpanContext parse(String header) {
    String value = normalized(header);
    return value == null ? null : parseNormalized(value);
  }

  /** The header trimmed and, if URL-encoded, decoded; {@code null} if too long or badly encoded. */
  private static String normalized(String header) {
    String value = Grammar.trimOws(header);
    if (value.length() > 128) {
      return null;
    }
    return value.indexOf('%') >= 0 ? urlDecode(value) : value;
  }

  /** Parses a {@link #normalized} value; {@code null} if it is invalid. */
  private static SpanContext parseNormalized(String value) {
    // trace-id:span-id:parent-span-id:flags, split by hand (no regex, no array).
    int first = value.indexOf(':');
    int second = first < 0 ? -1 : value.indexOf(':', first + 1);
    int third = second < 0 ? -1 : value.indexOf(':', second + 1);
    if (third < 0 || value.indexOf(':', third + 1) >= 0) {
      return null;
    }
    String traceId = id(value, 0, first, 32);
    String spanId = id(value, first + 1, second, 16);
    int parentLength = third - second - 1;
    int flagsLength = value.length() - third - 1;
    if (traceId == null
        || spanId == null
        || parentLength < 1
        || parentLength > 16
        || !Grammar.isLowerHex(value, second + 1, third)
        || flagsLength < 1
        || flagsLength > 2
        || !Grammar.isLowerHex(value, third + 1, value.length())) {
      return null;
    }
    int bits = Grammar.hexValue(value.charAt(third + 1));
    if (flagsLength == 2) {
      bits = (bits << 4) | Grammar.hexValue(value.charAt(third + 2));
    }
    boolean sampled = (bits & 0x1) != 0 || (bits & 0x2) != 0;
    return Grammar.remoteParent(traceId, spanId, sampled ? (byte) 0x01 : (byte) 0x00);
  }

  /**
   * Returns {@code value[from, to)} as an id of {@code length} hex digits, left-padded with zeros
   * (Jaeger may send 64-bit trace ids, and drop leading zeros), or {@code null} if it is not
   * lowercase hex, too long, or all zeros.
   */
  private static String id(String value, int from, int to, int length) {
    int n = to - from;
    if (n < 1 || n > length || !Grammar.isNonZeroLowerHex(value, from, to)) {
      return null;
    }
    String id = value.substring(from, to);
    return n == length ? id : "0".repeat(length - n).concat(id);
  }

  private static <C> Context extractBaggage(
      Context context, C carrier, TextMapGetter<C> getter, boolean hasTraceHeader) {
    BaggageBuilder builder = null;
    int count = 0;
    int bytes = 0;
    List<String> keys = Grammar.keys(getter, carrier);
    if (hasTraceHeader && keys.isEmpty()) {
      reportKeylessGetter(getter);
      return context;
    }
    for (String key : keys) {
      if (count >= MAX_BAGGAGE) {
        break;
      }
      if (key == null
          || key.length() <= BAGGAGE_PREFIX.length()
          || !key.regionMatches(true, 0, BAGGAGE_PREFIX, 0, BAGGAGE_PREFIX.length())) {
        continue;
      }
      String name = key.substring(BAGGAGE_PREFIX.length()).toLowerCase(Locale.ROOT);
      List<String> values = Grammar.all(getter, carrier, key, 2);
      if (!Grammar.isToken(name) || values.size() != 1 || values.get(0).length() > MAX_VALUE) {
        continue;
      }
      String value = urlDecode(Grammar.trimOws(values.get(0)));
      if (value == null) {
        continue;
      }
      bytes += name.length() + value.length();
      if (bytes > MAX_BAGGAGE_BYTES) {
        break; // the byte limit is reached: this entry and the rest are dropped
      }
      if (builder == null) {
        builder = Baggage.fromContext(context).toBuilder();
      }
      builder.put(name, value);
      count++;
    }
    return builder == null ? context : context.with(builder.build());
  }

  /**
   * URL-encodes a baggage value as UTF-8, with a space as {@code %20}: form encoding's {@code +} is
   * read as a literal plus by other Jaeger clients (OpenTelemetry JS among them).
   */
  static String encode(String value) {
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    return encoded.indexOf('+') < 0 ? encoded : encoded.replace("+", "%20");
  }

  private static String urlDecode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "JaegerPropagator";
  }
}
