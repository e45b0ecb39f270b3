package io.tracebridge.propagation;

import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds tracebridge's propagators by name, in the {@code OTEL_PROPAGATORS} syntax: a
 * comma-separated list such as {@code tracecontext,baggage,b3multi}, applied in the given order (on
 * extract, a later propagator's result wins where two set the same thing).
 *
 * <p>Names, each also accepted with a {@code tracebridge-} prefix (the form registered with
 * OpenTelemetry autoconfigure, so it cannot clash with OpenTelemetry's own):
 *
 * <ul>
 *   <li>{@code tracecontext}: {@link TraceContextPropagator}
 *   <li>{@code baggage}: {@link BaggagePropagator}
 *   <li>{@code b3}: {@link B3Propagator#single()}
 *   <li>{@code b3multi}: {@link B3Propagator#multi()}
 *   <li>{@code jaeger}: {@link JaegerPropagator}
 *   <li>{@code none}: no propagation (only on its own)
 * </ul>
 */
public final class TracebridgePropagators {
  /** The prefix of the names registered with OpenTelemetry autoconfigure. */
  public static final String PREFIX = "tracebridge-";

  private static final Map<String, TextMapPropagator> BY_NAME =
      Map.of(
          "tracecontext", TraceContextPropagator.getInstance(),
          "baggage", BaggagePropagator.getInstance(),
          "b3", B3Propagator.single(),
          "b3multi", B3Propagator.multi(),
          "jaeger", JaegerPropagator.getInstance());

  static final TextMapPropagator DEFAULT =
      TextMapPropagator.composite(
          TraceContextPropagator.getInstance(), BaggagePropagator.getInstance());

  private TracebridgePropagators() {}

  /**
   * Returns the process-wide propagator now: the one {@link #setDefault} installed (as {@code
   * OtelSetup} does, from {@code OTEL_PROPAGATORS}), else that of {@code GlobalOpenTelemetry} once
   * it is set (by the Java agent or a framework), else W3C trace context and baggage. Unlike {@code
   * GlobalOpenTelemetry.getPropagators()}, it never installs a no-op global instance as a side
   * effect, so a later setup can still register the real one, and once found it is read without a
   * lock.
   *
   * @return the propagator to use by default
   */
  public static TextMapPropagator global() {
    return GlobalPropagator.INSTANCE.now();
  }

  /**
   * Installs the process-wide propagator that {@link #global()} and {@link #followingGlobal()}
   * return from now on. {@code OtelSetup} calls it with the propagators it configured.
   *
   * @param propagator the propagator
   */
  public static void setDefault(TextMapPropagator propagator) {
    GlobalPropagator.INSTANCE.set(Objects.requireNonNull(propagator, "propagator"));
  }

  /**
   * Forgets the process-wide propagator, for tests that also call {@code
   * GlobalOpenTelemetry.resetForTest()}.
   */
  public static void resetGlobalForTest() {
    GlobalPropagator.INSTANCE.reset();
  }

  /**
   * Returns a propagator that is {@link #global()} at each use, not at the time of this call: what
   * the integrations use by default, so the order in which they and {@code OtelSetup} (or the Java
   * agent) are set up never changes what goes on the wire. Until a global instance is found it
   * looks for one at most once a millisecond, so the request path takes no lock; one that {@code
   * OtelSetup} installs is used at once.
   *
   * @return the propagator that follows the global one
   */
  public static TextMapPropagator followingGlobal() {
    return GlobalPropagator.INSTANCE;
  }

  /**
   * Maps an {@code OTEL_PROPAGATORS} list so that the standard names this class implements ({@code
   * tracecontext}, {@code baggage}, {@code b3}, {@code b3multi}, {@code jaeger}, any case) become
   * the names ours are registered under with OpenTelemetry autoconfigure ({@code b3} to {@code
   * tracebridge-b3}, ...); other names ({@code none}, {@code xray}, {@code tracebridge-*}, custom
   * ones) are kept. {@code OtelSetup} uses it so the standard names mean ours.
   *
   * @param names the list, in order
   * @return the mapped list, comma-separated
   */
  public static String toRegisteredNames(List<String> names) {
    List<String> mapped = new ArrayList<>(names.size());
    for (String name : names) {
      String trimmed = name.trim();
      String key = trimmed.toLowerCase(Locale.ROOT);
      mapped.add(BY_NAME.containsKey(key) ? PREFIX + key : trimmed);
    }
    return String.join(",", mapped);
  }

  /**
   * Returns the propagator with {@code name}.
   *
   * @param name a name listed above, with or without the {@code tracebridge-} prefix, any case
   * @return the propagator
   * @throws IllegalArgumentException if the name is unknown; the message names it and the choices
   */
  public static TextMapPropagator named(String name) {
    String key = normalize(name);
    TextMapPropagator propagator = BY_NAME.get(key);
    if (propagator == null) {
      throw new IllegalArgumentException(
          "unknown propagator '"
              + name
              + "' (expected tracecontext, baggage, b3, b3multi, jaeger"
              + " or none, optionally prefixed with "
              + PREFIX
              + ")");
    }
    return propagator;
  }

  /**
   * Returns the composite of a comma-separated list, in order. Duplicates are used once.
   *
   * @param list e.g. {@code "tracecontext,baggage"}
   * @return the composite; the no-op propagator for {@code none}
   * @throws IllegalArgumentException if the list is empty, names an unknown propagator, or mixes
   *     {@code none} with others; the message names the culprit
   */
  public static TextMapPropagator fromList(String list) {
    Set<String> names = new LinkedHashSet<>();
    for (String raw : list.split(",", -1)) {
      String name = raw.trim();
      if (!name.isEmpty()) {
        names.add(normalize(name));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("propagator list '" + list + "' names no propagator");
    }
    if (names.contains("none")) {
      if (names.size() > 1) {
        throw new IllegalArgumentException(
            "propagator list '" + list + "' combines 'none' with other propagators");
      }
      return TextMapPropagator.noop();
    }
    List<TextMapPropagator> propagators = new ArrayList<>(names.size());
    for (String name : names) {
      propagators.add(named(name));
    }
    return propagators.size() == 1 ? propagators.get(0) : TextMapPropagator.composite(propagators);
  }

  private static String normalize(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.startsWith(PREFIX) ? n.substring(PREFIX.length()) : n;
  }
}
