package io.tracebridge.propagation.fuzz;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.tracebridge.propagation.B3Propagator;
import io.tracebridge.propagation.BaggagePropagator;
import io.tracebridge.propagation.JaegerPropagator;
import io.tracebridge.propagation.MapCarrier;
import io.tracebridge.propagation.TraceContextPropagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Runs hostile headers through one extractor and a carrier type, and checks on every input: no
 * exception; the original context back on invalid input (for inputs built to be invalid); never a
 * half-parsed context; the limits; that re-injecting what was extracted stays inside the grammar;
 * and that no input of at most 8 KiB (all header names and values together) takes more than 1 ms.
 * The first 2,000 inputs warm the JIT up and are not timed; a slow input is timed again, up to 20
 * times, and only the fastest run counts, so a GC pause or a compilation still in progress cannot
 * fail the run, while a super-linear path is slow every time.
 *
 * <p>The number of inputs per extractor is {@code -Dtracebridge.fuzz.inputs} (default 20,000, what
 * every build runs); {@code scripts/fuzz} runs 1,000,000.
 */
public final class ExtractorFuzzer {
  /** The system property that sets how many inputs each extractor gets. */
  public static final String INPUTS_PROPERTY = "tracebridge.fuzz.inputs";

  static final long LIMIT_NANOS = 1_000_000;
  private static final ContextKey<String> MARKER = ContextKey.named("fuzz-marker");
  private static final Context ORIGINAL = Context.root().with(MARKER, "original");

  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE + "-" + SPAN + "-01";

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  /**
   * Trace Context Level 2: {@code key = ( lcalpha / DIGIT ) 0*255( keychar )}, {@code @} a keychar.
   */
  private static final Pattern STATE_KEY = Pattern.compile("[a-z0-9][_0-9a-z\\-*/@]{0,255}");

  private static final Pattern STATE_VALUE =
      Pattern.compile(
          "[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");

  private ExtractorFuzzer() {}

  /** One extractor: how to make hostile carriers for it, and carriers that must read as invalid. */
  public static final class Target {
    final String name;
    final TextMapPropagator propagator;
    final BiFunction<HostileHeaders, Integer, Map<String, List<String>>> hostile;
    final BiFunction<HostileHeaders, Integer, Map<String, List<String>>> invalid;

    Target(
        String name,
        TextMapPropagator propagator,
        BiFunction<HostileHeaders, Integer, Map<String, List<String>>> hostile,
        BiFunction<HostileHeaders, Integer, Map<String, List<String>>> invalid) {
      this.name = name;
      this.propagator = propagator;
      this.hostile = hostile;
      this.invalid = invalid;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Turns generated headers into the carrier under test; returns null if the transport refuses
   * them.
   */
  @FunctionalInterface
  public interface CarrierFactory<C> {
    /**
     * Builds a carrier.
     *
     * @param headers header names and their values
     * @return the carrier, or {@code null} if these headers could not arrive over this transport
     */
    C create(Map<String, List<String>> headers);
  }

  /** What one run saw. */
  public static final class Report {
    /** The extractor's name. */
    public final String name;

    /** Inputs run. */
    public int inputs;

    /** Inputs the transport refused, so never extracted. */
    public int refused;

    /** Inputs that gave a new context. */
    public int extracted;

    /** Inputs built to be invalid that gave the original context back, as they must. */
    public int invalidKeptOriginal;

    /** Inputs of at most 8 KiB over 1 ms on their first run, timed again. */
    public int retimed;

    /** The slowest input's best time, in nanoseconds, after warm-up. */
    public long slowestNanos;

    Report(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return String.format(
          "%-22s inputs=%,d refused=%,d extracted=%,d invalid->original=%,d retimed=%d slowest=%.3f"
              + " ms",
          name, inputs, refused, extracted, invalidKeptOriginal, retimed, slowestNanos / 1e6);
    }
  }

  /**
   * Returns the number of inputs per extractor for this run.
   *
   * @return the count
   * @throws IllegalArgumentException if the property is not a positive integer, naming its value
   */
  public static int inputs() {
    String value = System.getProperty(INPUTS_PROPERTY, "20000");
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        INPUTS_PROPERTY + "='" + value + "' is not a positive integer");
  }

  /**
   * Returns the seed for this run: {@code -Dtracebridge.fuzz.seed}, or a fixed default so every
   * build runs the same inputs.
   *
   * @return the seed
   */
  public static long seed() {
    return Long.getLong("tracebridge.fuzz.seed", 20261121L);
  }

  /**
   * Returns every extractor: W3C traceparent, tracestate and baggage, B3 single and multi, Jaeger's
   * trace id and its baggage headers.
   *
   * @return the targets
   */
  public static List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    targets.add(
        new Target(
            "w3c traceparent",
            TraceContextPropagator.getInstance(),
            (h, i) -> headers("traceparent", values(h, h.next(TRACEPARENT))),
            (h, i) -> headers("traceparent", List.of(h.breakIds(TRACEPARENT, '-')))));
    targets.add(
        new Target(
            "w3c tracestate",
            TraceContextPropagator.getInstance(),
            (h, i) ->
                headers(
                    "traceparent",
                    List.of(TRACEPARENT),
                    "tracestate",
                    values(h, h.next("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7,a@b=c"))),
            null));
    targets.add(
        new Target(
            "w3c baggage",
            BaggagePropagator.getInstance(),
            (h, i) ->
                headers(
                    "baggage",
                    values(h, h.next("userId=alice,serverNode=DF%2028;p=1,isProduction=false"))),
            (h, i) ->
                headers("baggage", List.of(h.next("userId alice serverNode").replace("=", "")))));
    String b3 = TRACE + "-" + SPAN + "-1-05e3ac9a4f6e3b90";
    targets.add(
        new Target(
            "b3 single",
            B3Propagator.single(),
            (h, i) -> headers("b3", values(h, h.next(b3))),
            (h, i) -> headers("b3", List.of(h.breakIds(TRACE + "-" + SPAN + "-1", '-')))));
    targets.add(
        new Target(
            "b3 multi",
            B3Propagator.multi(),
            (h, i) -> {
              Map<String, List<String>> m =
                  headers(
                      "x-b3-traceid",
                      List.of(TRACE),
                      "x-b3-spanid",
                      List.of(SPAN),
                      "x-b3-sampled",
                      List.of("1"),
                      "x-b3-parentspanid",
                      List.of("05e3ac9a4f6e3b90"));
              String victim =
                  List.of(
                          "x-b3-traceid",
                          "x-b3-spanid",
                          "x-b3-sampled",
                          "x-b3-flags",
                          "x-b3-parentspanid")
                      .get(h.nextInt(5));
              m.put(victim, values(h, h.next(m.containsKey(victim) ? m.get(victim).get(0) : "1")));
              return m;
            },
            (h, i) ->
                h.nextInt(2) == 0
                    ? headers(
                        "x-b3-traceid",
                        List.of(h.breakIds(TRACE, '-')),
                        "x-b3-spanid",
                        List.of(SPAN))
                    : headers(
                        "x-b3-traceid",
                        List.of(TRACE),
                        "x-b3-spanid",
                        List.of(h.breakIds(SPAN, '-')))));
    String uber = TRACE + ":" + SPAN + ":0:1";
    targets.add(
        new Target(
            "jaeger uber-trace-id",
            JaegerPropagator.getInstance(),
            (h, i) -> headers("uber-trace-id", values(h, h.next(uber))),
            (h, i) -> headers("uber-trace-id", List.of(h.breakIds(uber, ':')))));
    targets.add(
        new Target(
            "jaeger uberctx-*",
            JaegerPropagator.getInstance(),
            (h, i) -> {
              Map<String, List<String>> m = new LinkedHashMap<>();
              int n = 1 + h.nextInt(h.nextInt(10) == 0 ? 100 : 4);
              for (int k = 0; k < n; k++) {
                String name = h.nextInt(3) == 0 ? h.next("uberctx-user") : "uberctx-k" + k;
                m.put(name.isEmpty() ? "uberctx-" : name, values(h, h.next("alice%20smith")));
              }
              return m;
            },
            null));
    return targets;
  }

  /**
   * Runs {@code inputs} hostile carriers, and as many built to be invalid, through one extractor.
   *
   * @param target the extractor
   * @param carriers makes carriers of the type under test
   * @param getter that carrier type's getter
   * @param inputs how many inputs
   * @param seed the seed; a failure names it
   * @param <C> the carrier type
   * @return what the run saw
   * @throws AssertionError on the first input that breaks a rule, naming the extractor, seed and
   *     input
   */
  public static <C> Report run(
      Target target, CarrierFactory<C> carriers, TextMapGetter<C> getter, int inputs, long seed) {
    Report report = new Report(target.name);
    HostileHeaders hostile = new HostileHeaders(seed);
    int warmUp = Math.min(2_000, inputs / 10);
    for (int i = 0; i < inputs; i++) {
      Map<String, List<String>> headers = target.hostile.apply(hostile, i);
      check(target, carriers, getter, headers, false, i >= warmUp, report, seed, i);
      if (target.invalid != null) {
        check(
            target,
            carriers,
            getter,
            target.invalid.apply(hostile, i),
            true,
            i >= warmUp,
            report,
            seed,
            i);
      }
    }
    return report;
  }

  private static <C> void check(
      Target target,
      CarrierFactory<C> carriers,
      TextMapGetter<C> getter,
      Map<String, List<String>> headers,
      boolean mustBeInvalid,
      boolean timed,
      Report report,
      long seed,
      int i) {
    report.inputs++;
    C carrier = carriers.create(headers);
    if (carrier == null) {
      report.refused++;
      return;
    }
    Context result;
    long started = System.nanoTime();
    try {
      result = target.propagator.extract(ORIGINAL, carrier, getter);
    } catch (RuntimeException e) {
      throw failure(target, seed, i, headers, "threw " + e, e);
    }
    long took = System.nanoTime() - started;
    timed &=
        size(headers) <= HostileHeaders.MAX_LENGTH; // the 1 ms rule is for inputs of at most 8 KiB
    if (timed && took > LIMIT_NANOS) {
      report.retimed++;
      took = bestOfRetries(target, carrier, getter);
      if (took > LIMIT_NANOS) {
        throw failure(
            target, seed, i, headers, "took " + took / 1e6 + " ms at best of 20 runs", null);
      }
    }
    if (timed) {
      report.slowestNanos = Math.max(report.slowestNanos, took);
    }
    if (mustBeInvalid) {
      if (result != ORIGINAL) {
        throw failure(
            target,
            seed,
            i,
            headers,
            "an invalid header did not give the original context back",
            null);
      }
      report.invalidKeptOriginal++;
      return;
    }
    String problem = problemWith(target, result);
    if (problem != null) {
      throw failure(target, seed, i, headers, problem, null);
    }
    if (result != ORIGINAL) {
      report.extracted++;
    }
  }

  private static int size(Map<String, List<String>> headers) {
    int size = 0;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      for (String v : e.getValue()) {
        size += e.getKey().length() + v.length();
      }
    }
    return size;
  }

  /** The best of up to 20 runs, stopping at the first under the limit. */
  private static <C> long bestOfRetries(Target target, C carrier, TextMapGetter<C> getter) {
    long best = Long.MAX_VALUE;
    for (int r = 0; r < 20 && best > LIMIT_NANOS; r++) {
      long started = System.nanoTime();
      target.propagator.extract(ORIGINAL, carrier, getter);
      best = Math.min(best, System.nanoTime() - started);
    }
    return best;
  }

  /** Returns what is wrong with an extracted context, or null. */
  static String problemWith(Target target, Context result) {
    if (!"original".equals(result.get(MARKER))) {
      return "the context's other entries were lost";
    }
    if (result == ORIGINAL) {
      return null;
    }
    SpanContext span = Span.fromContext(result).getSpanContext();
    if (target.name.equals("w3c tracestate")
        && !(span.isValid() && span.getTraceId().equals(TRACE) && span.getSpanId().equals(SPAN))) {
      return "a bad tracestate invalidated a valid traceparent";
    }
    if (span.isValid()) {
      if (!span.isRemote()
          || !TRACE_ID.matcher(span.getTraceId()).matches()
          || !SPAN_ID.matcher(span.getSpanId()).matches()) {
        return "a half-parsed span context: " + span;
      }
      if (span.getTraceState().size() > 32) {
        return "tracestate over 32 members";
      }
      String[] bad = {null};
      span.getTraceState()
          .forEach(
              (k, v) -> {
                if (!STATE_KEY.matcher(k).matches() || !STATE_VALUE.matcher(v).matches()) {
                  bad[0] = k + "=" + v;
                }
              });
      if (bad[0] != null) {
        return "an invalid tracestate member was kept: " + bad[0];
      }
    }
    Baggage baggage = Baggage.fromContext(result);
    if (baggage.size() > 64) {
      return "baggage over 64 entries: " + baggage.size();
    }
    String[] badKey = {null};
    baggage.forEach(
        (k, e) -> {
          if (!TOKEN.matcher(k).matches() || e.getValue().length() > 8192) {
            badKey[0] = k;
          }
        });
    if (badKey[0] != null) {
      return "an invalid baggage entry was kept: " + badKey[0];
    }
    // Whatever was extracted, sending it on must stay inside the grammar.
    Map<String, String> out = new HashMap<>();
    target.propagator.inject(result, out, MapCarrier.setter());
    for (Map.Entry<String, String> header : out.entrySet()) {
      if (!TOKEN.matcher(header.getKey()).matches()
          || !PRINTABLE.matcher(header.getValue()).matches()) {
        return "re-injected header outside the grammar: " + header.getKey();
      }
      if (header.getKey().equals("tracestate") && header.getValue().length() > 512) {
        return "re-injected tracestate over 512 characters";
      }
      if (header.getKey().equals("baggage") && header.getValue().length() > 8192) {
        return "re-injected baggage over 8192 bytes";
      }
    }
    return null;
  }

  private static AssertionError failure(
      Target target,
      long seed,
      int i,
      Map<String, List<String>> headers,
      String what,
      Throwable cause) {
    String shown = headers.toString();
    if (shown.length() > 400) {
      shown = shown.substring(0, 400) + "... (" + shown.length() + " chars)";
    }
    shown = shown.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    AssertionError error =
        new AssertionError(
            target.name + ": " + what + " (seed " + seed + ", input " + i + "): " + shown);
    if (cause != null) {
      error.initCause(cause);
    }
    return error;
  }

  private static List<String> values(HostileHeaders h, String value) {
    if (h.nextInt(10) != 0) {
      return List.of(value);
    }
    List<String> many = new ArrayList<>();
    int n = 2 + h.nextInt(70);
    for (int k = 0; k < n; k++) {
      many.add(h.nextInt(3) == 0 ? h.next(value) : value);
    }
    return many;
  }

  private static Map<String, List<String>> headers(Object... namesAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int k = 0; k < namesAndValues.length; k += 2) {
      @SuppressWarnings("unchecked")
      List<String> v = (List<String>) namesAndValues[k + 1];
      map.put((String) namesAndValues[k], new ArrayList<>(v));
    }
    return map;
  }
}
