package io.tracebridge.okhttp;

import io.opentelemetry.context.propagation.TextMapPropagator;
import io.tracebridge.Tracer;
import io.tracebridge.propagation.TracebridgePropagators;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The settings every HTTP integration shares, client ({@link OkHttpTracing.Builder}) and server
 * ({@code TracingFilter.Builder}): the tracer, the propagator and the redacted query parameters.
 * Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class HttpTracingBuilder<B extends HttpTracingBuilder<B>> {
  private Tracer tracer;
  private TextMapPropagator propagator = TracebridgePropagators.followingGlobal();
  private final Set<String> sensitiveParameters =
      new HashSet<>(HttpNames.DEFAULT_SENSITIVE_PARAMETERS);

  /**
   * Starts a builder whose spans are made by a tracer with {@code defaultTarget}.
   *
   * @param defaultTarget the target of the default tracer
   */
  protected HttpTracingBuilder(String defaultTarget) {
    this.tracer = Tracer.named(defaultTarget);
  }

  /**
   * Returns this builder as its concrete type.
   *
   * @return this
   */
  protected abstract B self();

  /**
   * Sets the tracer the spans are made with (default: one whose target is the integration's {@code
   * TARGET}).
   *
   * @param tracer the tracer
   * @return this builder
   */
  public final B tracer(Tracer tracer) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
    return self();
  }

  /**
   * Sets the propagator (default {@link TracebridgePropagators#followingGlobal()}: the global
   * propagator at each request, so building this before the OpenTelemetry setup changes nothing).
   *
   * @param propagator the propagator
   * @return this builder
   */
  public final B propagator(TextMapPropagator propagator) {
    this.propagator = Objects.requireNonNull(propagator, "propagator");
    return self();
  }

  /**
   * Adds query parameters whose values are replaced by {@code REDACTED} in the recorded URL ({@code
   * url.full} on a client, {@code url.query} on a server), to the defaults {@code AWSAccessKeyId},
   * {@code Signature}, {@code sig} and {@code X-Goog-Signature}.
   *
   * @param names parameter names, compared exactly
   * @return this builder
   */
  public final B redactQueryParameters(String... names) {
    for (String n : names) {
      sensitiveParameters.add(Objects.requireNonNull(n, "parameter name"));
    }
    return self();
  }

  /**
   * Returns the tracer set, or the default one.
   *
   * @return the tracer
   */
  protected final Tracer configuredTracer() {
    return tracer;
  }

  /**
   * Returns the propagator set, or the default one.
   *
   * @return the propagator
   */
  protected final TextMapPropagator configuredPropagator() {
    return propagator;
  }

  /**
   * Returns an immutable copy of the redacted query parameter names.
   *
   * @return the names
   */
  protected final Set<String> configuredSensitiveParameters() {
    return Set.copyOf(sensitiveParameters);
  }
}
