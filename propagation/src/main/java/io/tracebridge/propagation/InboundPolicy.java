package io.tracebridge.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides what an entry point (an HTTP route, a gRPC service, a queue consumer) does with the trace
 * context it received:
 *
 * <ul>
 *   <li>{@link Mode#CONTINUE}: join the remote trace (the default);
 *   <li>{@link Mode#RESTART_WITH_LINK}: start a new trace that links to the remote span, for public
 *       edges where callers are not trusted; remote baggage is dropped unless {@link
 *       Builder#keepBaggage(boolean)};
 *   <li>{@link Mode#IGNORE}: start a new trace, keeping nothing.
 * </ul>
 *
 * <p>With {@link Builder#trustRemoteSampled(boolean) trustRemoteSampled(false)}, a remote "sampled"
 * flag cannot force sampling: the parent reaches the sampler as not sampled (the random flag is
 * kept). With OpenTelemetry's default {@code parentbased_always_on} sampler that means not sampled;
 * configure the sampler's remote-parent-not-sampled branch to your root sampler to let the local
 * policy decide.
 *
 * <p>Configuration: {@code TRACEBRIDGE_PROPAGATION_INBOUND} ({@code continue}, {@code
 * restart-with-link}, {@code ignore}) and {@code TRACEBRIDGE_PROPAGATION_TRUST_REMOTE_SAMPLED}
 * ({@code true}, {@code false}), or system properties {@code tracebridge.propagation.inbound} and
 * {@code tracebridge.propagation.trust_remote_sampled}. An entry point named {@code public-api} is
 * first looked up as {@code TRACEBRIDGE_PROPAGATION_INBOUND_PUBLIC_API} / {@code
 * tracebridge.propagation.inbound.public-api}. Immutable and thread-safe.
 */
public final class InboundPolicy {
  /** Environment variable with the default mode. */
  public static final String MODE_ENV = "TRACEBRIDGE_PROPAGATION_INBOUND";

  /** System property with the default mode. */
  public static final String MODE_PROPERTY = "tracebridge.propagation.inbound";

  /** Environment variable: whether a remote sampled flag may force sampling. */
  public static final String TRUST_SAMPLED_ENV = "TRACEBRIDGE_PROPAGATION_TRUST_REMOTE_SAMPLED";

  /** System property: whether a remote sampled flag may force sampling. */
  public static final String TRUST_SAMPLED_PROPERTY =
      "tracebridge.propagation.trust_remote_sampled";

  /** What to do with a received trace context. */
  public enum Mode {
    /** Join the remote trace. */
    CONTINUE,
    /** Start a new trace with a link to the remote span. */
    RESTART_WITH_LINK,
    /** Start a new trace and keep nothing. */
    IGNORE;

    /**
     * Parses {@code continue}, {@code restart-with-link} or {@code ignore}, ignoring case.
     *
     * @param name the name
     * @return the mode
     * @throws IllegalArgumentException if the name is unknown; the message names it
     */
    public static Mode parse(String name) {
      switch (name.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
        case "continue":
          return CONTINUE;
        case "restart-with-link":
          return RESTART_WITH_LINK;
        case "ignore":
          return IGNORE;
        default:
          throw new IllegalArgumentException(
              "unknown inbound mode '"
                  + name
                  + "' (expected continue, restart-with-link or ignore)");
      }
    }
  }

  /**
   * The outcome for one request: the parent for the entry point's span, and a link to add to it.
   *
   * @param parent the parent context ({@link Context#root()} for a new trace)
   * @param link the remote span to link to, or an invalid span context for none
   */
  public record Decision(Context parent, SpanContext link) {
    /**
     * Returns whether there is a link to add.
     *
     * @return {@code true} if {@link #link()} is valid
     */
    public boolean hasLink() {
      return link.isValid();
    }
  }

  private static final InboundPolicy DEFAULTS = builder().build();

  private final Mode mode;
  private final boolean trustRemoteSampled;
  private final boolean keepBaggage;

  private InboundPolicy(Builder b) {
    this.mode = b.mode;
    this.trustRemoteSampled = b.trustRemoteSampled;
    this.keepBaggage = b.keepBaggage;
  }

  /**
   * Returns the default policy: continue, trusting the remote sampled flag.
   *
   * @return the policy
   */
  public static InboundPolicy defaults() {
    return DEFAULTS;
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
   * Returns the policy configured for all entry points.
   *
   * @return the policy
   * @throws IllegalArgumentException if a configured value is malformed; the message names it
   */
  public static InboundPolicy fromEnv() {
    return fromEnv(null);
  }

  /**
   * Returns the policy configured for {@code entryPoint}, falling back to the one for all.
   *
   * @param entryPoint e.g. {@code public-api}; {@code null} for the default
   * @return the policy
   * @throws IllegalArgumentException if a configured value is malformed; the message names it
   */
  public static InboundPolicy fromEnv(String entryPoint) {
    return fromEnv(entryPoint, Mode.CONTINUE);
  }

  /**
   * Returns the policy configured for {@code entryPoint}, falling back to the one for all, and to
   * {@code defaultMode} when neither is set: a public edge passes {@link Mode#RESTART_WITH_LINK} so
   * that it never joins a caller's trace unless configured to.
   *
   * @param entryPoint e.g. {@code public-api}; {@code null} for the default
   * @param defaultMode the mode when none is configured
   * @return the policy
   * @throws IllegalArgumentException if a configured value is malformed; the message names it
   */
  public static InboundPolicy fromEnv(String entryPoint, Mode defaultMode) {
    Builder builder = builder().mode(defaultMode);
    String[] mode = null;
    if (entryPoint != null) {
      String suffix = entryPoint.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
      mode = Settings.read(MODE_PROPERTY + "." + entryPoint, MODE_ENV + "_" + suffix);
    }
    if (mode == null) {
      mode = Settings.read(MODE_PROPERTY, MODE_ENV);
    }
    if (mode != null) {
      try {
        builder.mode(Mode.parse(mode[0]));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid " + mode[1] + ": " + e.getMessage(), e);
      }
    }
    String[] trust = Settings.read(TRUST_SAMPLED_PROPERTY, TRUST_SAMPLED_ENV);
    if (trust != null) {
      String v = trust[0].trim().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(
            "invalid " + trust[1] + ": '" + trust[0] + "' (expected true or false)");
      }
      builder.trustRemoteSampled(Boolean.parseBoolean(v));
    }
    return builder.build();
  }

  /**
   * Returns the mode.
   *
   * @return the mode
   */
  public Mode mode() {
    return mode;
  }

  /**
   * Applies the policy to a context extracted from a request.
   *
   * @param extracted what the propagator extracted, on top of {@link Context#root()}
   * @return the parent and link for the entry point's span
   */
  public Decision decide(Context extracted) {
    Context ctx = extracted == null ? Context.root() : extracted;
    SpanContext remote = Span.fromContext(ctx).getSpanContext();
    switch (mode) {
      case IGNORE:
        return new Decision(Context.root(), SpanContext.getInvalid());
      case RESTART_WITH_LINK:
        Context fresh =
            keepBaggage ? Context.root().with(Baggage.fromContext(ctx)) : Context.root();
        return new Decision(fresh, remote);
      default:
        if (!trustRemoteSampled && remote.isValid() && remote.isSampled()) {
          SpanContext unsampled =
              SpanContext.createFromRemoteParent(
                  remote.getTraceId(),
                  remote.getSpanId(),
                  TraceFlags.fromByte((byte) (remote.getTraceFlags().asByte() & ~0x01)),
                  remote.getTraceState());
          return new Decision(ctx.with(Span.wrap(unsampled)), SpanContext.getInvalid());
        }
        return new Decision(ctx, SpanContext.getInvalid());
    }
  }

  @Override
  public String toString() {
    return "InboundPolicy{" + mode + ", trustRemoteSampled=" + trustRemoteSampled + "}";
  }

  /** Configures an {@link InboundPolicy}. Not thread-safe. */
  public static final class Builder {
    private Mode mode = Mode.CONTINUE;
    private boolean trustRemoteSampled = true;
    private boolean keepBaggage;

    private Builder() {}

    /**
     * Sets the mode (default {@link Mode#CONTINUE}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets whether a remote sampled flag may force sampling (default {@code true}).
     *
     * @param trust whether to trust it
     * @return this builder
     */
    public Builder trustRemoteSampled(boolean trust) {
      this.trustRemoteSampled = trust;
      return this;
    }

    /**
     * Sets whether {@link Mode#RESTART_WITH_LINK} keeps the remote baggage (default {@code false}).
     *
     * @param keep whether to keep it
     * @return this builder
     */
    public Builder keepBaggage(boolean keep) {
      this.keepBaggage = keep;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public InboundPolicy build() {
      return new InboundPolicy(this);
    }
  }
}
