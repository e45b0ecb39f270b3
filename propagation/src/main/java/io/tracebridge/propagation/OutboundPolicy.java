package io.tracebridge.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Objects;

/**
 * Decides, per destination host, whether outgoing requests carry trace headers at all, and whether
 * they also carry baggage.
 *
 * <p>Defaults: trace headers and baggage go only to {@code internal} hosts (loopback, private IPv4
 * ranges, single-label service names, and names under {@code .local}, {@code .internal}, {@code
 * .svc}, {@code .cluster.local}). A third party gets neither unless you list it: trace ids let it
 * correlate your requests, {@code tracestate} may carry vendor data, and baggage may carry
 * anything. Baggage is sent only to hosts that also receive trace headers.
 *
 * <p>Patterns: {@code *}, {@code internal}, {@code api.example.com}, {@code *.example.com} (its
 * subdomains), IP literals; comma-separated, any case. Configuration: {@code
 * TRACEBRIDGE_PROPAGATION_TRACE_HOSTS} / {@code tracebridge.propagation.trace_hosts} and {@code
 * TRACEBRIDGE_PROPAGATION_BAGGAGE_HOSTS} / {@code tracebridge.propagation.baggage_hosts}. Immutable
 * and thread-safe.
 */
public final class OutboundPolicy {
  /** Environment variable with the hosts that get trace headers. */
  public static final String TRACE_HOSTS_ENV = "TRACEBRIDGE_PROPAGATION_TRACE_HOSTS";

  /** System property with the hosts that get trace headers. */
  public static final String TRACE_HOSTS_PROPERTY = "tracebridge.propagation.trace_hosts";

  /** Environment variable with the hosts that get baggage. */
  public static final String BAGGAGE_HOSTS_ENV = "TRACEBRIDGE_PROPAGATION_BAGGAGE_HOSTS";

  /** System property with the hosts that get baggage. */
  public static final String BAGGAGE_HOSTS_PROPERTY = "tracebridge.propagation.baggage_hosts";

  /** The default trace-header hosts. */
  public static final String DEFAULT_TRACE_HOSTS = "internal";

  /** The default baggage hosts. */
  public static final String DEFAULT_BAGGAGE_HOSTS = "internal";

  private static final OutboundPolicy DEFAULTS = builder().build();

  private final HostPatterns traceHosts;
  private final HostPatterns baggageHosts;

  private OutboundPolicy(HostPatterns traceHosts, HostPatterns baggageHosts) {
    this.traceHosts = traceHosts;
    this.baggageHosts = baggageHosts;
  }

  /**
   * Returns the default policy: trace headers and baggage to internal hosts only.
   *
   * @return the policy
   */
  public static OutboundPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy from the environment variables or system properties, with the defaults for
   * whatever is not set.
   *
   * @return the policy
   * @throws IllegalArgumentException if a configured pattern is malformed; the message names it
   */
  public static OutboundPolicy fromEnv() {
    Builder builder = builder();
    String[] trace = Settings.read(TRACE_HOSTS_PROPERTY, TRACE_HOSTS_ENV);
    if (trace != null) {
      builder.traceHosts = HostPatterns.parse(trace[0], trace[1]);
    }
    String[] baggage = Settings.read(BAGGAGE_HOSTS_PROPERTY, BAGGAGE_HOSTS_ENV);
    if (baggage != null) {
      builder.baggageHosts = HostPatterns.parse(baggage[0], baggage[1]);
    }
    return builder.build();
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether requests to {@code host} carry trace headers.
   *
   * @param host the destination host name or IP literal
   * @return {@code true} if they do
   */
  public boolean sendsTraceTo(String host) {
    return traceHosts.matches(host);
  }

  /**
   * Returns whether requests to {@code host} carry baggage.
   *
   * @param host the destination host name or IP literal
   * @return {@code true} if they do
   */
  public boolean sendsBaggageTo(String host) {
    return sendsTraceTo(host) && baggageHosts.matches(host);
  }

  /**
   * Injects {@code context} into {@code carrier} as this policy allows for {@code host}: nothing,
   * trace headers without baggage, or both.
   *
   * @param propagator the propagator
   * @param context the context to carry
   * @param host the destination host
   * @param carrier the carrier
   * @param setter the setter
   * @param <C> the carrier type
   */
  public <C> void inject(
      TextMapPropagator propagator,
      Context context,
      String host,
      C carrier,
      TextMapSetter<C> setter) {
    if (!sendsTraceTo(host)) {
      return;
    }
    Context allowed = sendsBaggageTo(host) ? context : context.with(Baggage.empty());
    propagator.inject(allowed, carrier, setter);
  }

  @Override
  public String toString() {
    return "OutboundPolicy{traceHosts=" + traceHosts + ", baggageHosts=" + baggageHosts + "}";
  }

  /** Configures an {@link OutboundPolicy}. Not thread-safe. */
  public static final class Builder {
    private HostPatterns traceHosts = HostPatterns.parse(DEFAULT_TRACE_HOSTS, "default");
    private HostPatterns baggageHosts = HostPatterns.parse(DEFAULT_BAGGAGE_HOSTS, "default");

    private Builder() {}

    /**
     * Sets the hosts that get trace headers.
     *
     * @param patterns comma-separated patterns; empty means none
     * @return this builder
     * @throws IllegalArgumentException if a pattern is malformed; the message names it
     */
    public Builder traceHosts(String patterns) {
      this.traceHosts =
          HostPatterns.parse(Objects.requireNonNull(patterns, "patterns"), "traceHosts");
      return this;
    }

    /**
     * Sets the hosts that get baggage (among those that get trace headers).
     *
     * @param patterns comma-separated patterns; empty means none
     * @return this builder
     * @throws IllegalArgumentException if a pattern is malformed; the message names it
     */
    public Builder baggageHosts(String patterns) {
      this.baggageHosts =
          HostPatterns.parse(Objects.requireNonNull(patterns, "patterns"), "baggageHosts");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public OutboundPolicy build() {
      return new OutboundPolicy(traceHosts, baggageHosts);
    }
  }
}
