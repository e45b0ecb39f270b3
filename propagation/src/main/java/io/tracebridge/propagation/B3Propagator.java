package io.tracebridge.propagation;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;
import java.util.List;

/**
 * Zipkin's B3, in both encodings. Extract accepts either: the single {@code b3} header ({@code
 * {trace-id}-{span-id}[-{sampled}[-{parent-span-id}]]}) when it is present and valid, otherwise the
 * {@code x-b3-*} headers. Inject writes the encoding chosen at construction.
 *
 * <ul>
 *   <li>Trace ids are 16 or 32 lowercase hex digits (16 are left-padded with zeros), span ids 16;
 *       all-zero ids are invalid.
 *   <li>Sampling: {@code 1} sampled, {@code 0} not, {@code d} (single) or {@code x-b3-flags: 1}
 *       (multi) debug, which means sampled; {@code true}/{@code false} are accepted in {@code
 *       x-b3-sampled} for old clients. No sampling state ({@code {trace}-{span}}, or no {@code
 *       x-b3-sampled}) is deferred: the SDK sees not sampled. A sampling-only {@code b3} ({@code
 *       0}, {@code 1}, {@code d}) carries no ids and is ignored.
 *   <li>What comes in goes out: a trace that came in as debug is injected as debug ({@code -d}, or
 *       {@code x-b3-flags: 1} without {@code x-b3-sampled}), and one that came in deferred is
 *       injected with no sampling state while its spans are not sampled (see {@link
 *       ForwardedSampling}).
 *   <li>Header names are written in lowercase, which HTTP treats as equal to any other case and
 *       which gRPC metadata requires.
 * </ul>
 */
public final class B3Propagator extends NullSafePropagator {
  /** The single header. */
  public static final String B3 = "b3";

  /** Multi-header trace id. */
  public static final String TRACE_ID = "x-b3-traceid";

  /** Multi-header span id. */
  public static final String SPAN_ID = "x-b3-spanid";

  /** Multi-header sampling decision. */
  public static final String SAMPLED = "x-b3-sampled";

  /** Multi-header debug flag. */
  public static final String FLAGS = "x-b3-flags";

  /** Multi-header parent span id (read, never written). */
  public static final String PARENT_SPAN_ID = "x-b3-parentspanid";

  private static final B3Propagator SINGLE = new B3Propagator(true);
  private static final B3Propagator MULTI = new B3Propagator(false);

  private final boolean singleHeader;

  private B3Propagator(boolean singleHeader) {
    this.singleHeader = singleHeader;
  }

  /**
   * Returns the propagator that injects the single {@code b3} header.
   *
   * @return the shared instance
   */
  public static B3Propagator single() {
    return SINGLE;
  }

  /**
   * Returns the propagator that injects the {@code x-b3-*} headers.
   *
   * @return the shared instance
   */
  public static B3Propagator multi() {
    return MULTI;
  }

  @Override
  public Collection<String> fields() {
    return singleHeader ? List.of(B3) : List.of(TRACE_ID, SPAN_ID, SAMPLED, FLAGS);
  }

  @Override
  <C> void injectInto(Context context, C carrier, TextMapSetter<C> setter) {
    SpanContext span = Span.fromContext(context).getSpanContext();
    if (!span.isValid()
        || (!Grammar.isApiSpanContext(span)
            && (!isId(span.getTraceId(), 32) || !isId(span.getSpanId(), 16)))) {
      return;
    }
    // What came in goes out: debug stays debug, and "no decision yet" is not turned into "deny".
    boolean debug = ForwardedSampling.isDebug(context, span);
    boolean deferred = !debug && ForwardedSampling.isDeferred(context, span);
    if (singleHeader) {
      setter.set(
          carrier,
          B3,
          deferred
              ? span.getTraceId() + '-' + span.getSpanId()
              : IdHeaders.join(
                  span.getTraceId(),
                  '-',
                  span.getSpanId(),
                  debug ? "d" : span.isSampled() ? "1" : "0"));
    } else {
      setter.set(carrier, TRACE_ID, span.getTraceId());
      setter.set(carrier, SPAN_ID, span.getSpanId());
      if (debug) {
        setter.set(carrier, FLAGS, "1"); // debug implies sampled: no x-b3-sampled beside it
      } else if (!deferred) {
        setter.set(carrier, SAMPLED, span.isSampled() ? "1" : "0");
      }
    }
  }

  @Override
  <C> Context extractFrom(Context context, C carrier, TextMapGetter<C> getter) {
    Extracted remote = extractSingle(carrier, getter);
    if (remote == null) {
      remote = extractMulti(carrier, getter);
    }
    if (remote == null) {
      return context;
    }
    Context result = context.with(Span.wrap(remote.span));
    return remote.sampling == Sampling.ACCEPT || remote.sampling == Sampling.DENY
        ? result
        : ForwardedSampling.with(result, remote.span, remote.sampling == Sampling.DEBUG);
  }

  /** B3's sampling states: the four the b3-propagation specification defines. */
  private enum Sampling {
    ACCEPT,
    DENY,
    DEBUG,
    DEFERRED
  }

  /** A remote parent and the sampling state its headers gave. */
  private record Extracted(SpanContext span, Sampling sampling) {}

  private static <C> Extracted extractSingle(C carrier, TextMapGetter<C> getter) {
    String header = single(getter, carrier, B3);
    if (header == null) {
      return null;
    }
    String[] parts = splitDashes(header);
    if (parts == null) {
      return null;
    }
    Sampling sampling = Sampling.DEFERRED;
    if (parts.length >= 3) {
      switch (parts[2]) {
        case "1":
          sampling = Sampling.ACCEPT;
          break;
        case "d":
          sampling = Sampling.DEBUG;
          break;
        case "0":
          sampling = Sampling.DENY;
          break;
        default:
          return null;
      }
    }
    if (parts.length == 4 && !isId(parts[3], 16)) {
      return null;
    }
    return context(parts[0], parts[1], sampling);
  }

  private static <C> Extracted extractMulti(C carrier, TextMapGetter<C> getter) {
    String traceId = single(getter, carrier, TRACE_ID);
    String spanId = single(getter, carrier, SPAN_ID);
    if (traceId == null || spanId == null) {
      return null;
    }
    Sampling sampling = Sampling.DEFERRED;
    String flags = single(getter, carrier, FLAGS);
    String sampledHeader = single(getter, carrier, SAMPLED);
    if ("1".equals(flags)) {
      sampling = Sampling.DEBUG;
    } else if (sampledHeader != null) {
      switch (sampledHeader) {
        case "1":
        case "true":
          sampling = Sampling.ACCEPT;
          break;
        case "0":
        case "false":
          sampling = Sampling.DENY;
          break;
        default:
          return null;
      }
    }
    String parent = single(getter, carrier, PARENT_SPAN_ID);
    if (parent != null && !isId(parent, 16)) {
      return null;
    }
    return context(traceId, spanId, sampling);
  }

  /**
   * A remote parent, or {@code null} if an id is invalid. Debug is sampled; deferred reads as not
   * sampled to the SDK, and is remembered apart so that it is forwarded as deferred.
   */
  private static Extracted context(String traceId, String spanId, Sampling sampling) {
    if (traceId.length() == 16) {
      traceId = "0000000000000000" + traceId;
    }
    boolean sampled = sampling == Sampling.ACCEPT || sampling == Sampling.DEBUG;
    SpanContext span = Grammar.remoteParent(traceId, spanId, sampled ? (byte) 0x01 : (byte) 0x00);
    return span == null ? null : new Extracted(span, sampling);
  }

  /**
   * Splits {@code id-id[-sampled[-parent]]} into 2 to 4 parts; {@code null} for any other count.
   */
  private static String[] splitDashes(String header) {
    int first = header.indexOf('-');
    if (first < 0) {
      return null;
    }
    int second = header.indexOf('-', first + 1);
    int third = second < 0 ? -1 : header.indexOf('-', second + 1);
    if (third >= 0 && header.indexOf('-', third + 1) >= 0) {
      return null; // five or more parts
    }
    if (second < 0) {
      return new String[] {header.substring(0, first), header.substring(first + 1)};
    }
    if (third < 0) {
      return new String[] {
        header.substring(0, first),
        header.substring(first + 1, second),
        header.substring(second + 1)
      };
    }
    return new String[] {
      header.substring(0, first),
      header.substring(first + 1, second),
      header.substring(second + 1, third),
      header.substring(third + 1)
    };
  }

  private static boolean isId(String id, int length) {
    return id.length() == length && Grammar.isNonZeroLowerHex(id, 0, length);
  }

  /** The header's value if it occurs exactly once, trimmed; otherwise {@code null}. */
  private static <C> String single(TextMapGetter<C> getter, C carrier, String key) {
    String value = Grammar.single(getter, carrier, key);
    return value == null ? null : Grammar.trimOws(value);
  }

  @Override
  public String toString() {
    return singleHeader ? "B3Propagator(single)" : "B3Propagator(multi)";
  }
}
