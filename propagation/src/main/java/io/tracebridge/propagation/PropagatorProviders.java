package io.tracebridge.propagation;

import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;

/**
 * Registers tracebridge's propagators with OpenTelemetry autoconfigure, so that {@code
 * OTEL_PROPAGATORS} can select them by the names {@code tracebridge-tracecontext}, {@code
 * tracebridge-baggage}, {@code tracebridge-b3}, {@code tracebridge-b3multi} and {@code
 * tracebridge-jaeger}. Autoconfigure instantiates the nested providers through {@code
 * META-INF/services}; applications do not use them directly.
 */
public final class PropagatorProviders {
  private PropagatorProviders() {}

  private abstract static class Named implements ConfigurablePropagatorProvider {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public TextMapPropagator getPropagator(ConfigProperties config) {
      return TracebridgePropagators.named(name);
    }

    @Override
    public String getName() {
      return TracebridgePropagators.PREFIX + name;
    }
  }

  /** {@code tracebridge-tracecontext}. */
  public static final class TraceContext extends Named {
    /** Creates the provider; called by the service loader. */
    public TraceContext() {
      super("tracecontext");
    }
  }

  /** {@code tracebridge-baggage}. */
  public static final class W3cBaggage extends Named {
    /** Creates the provider; called by the service loader. */
    public W3cBaggage() {
      super("baggage");
    }
  }

  /** {@code tracebridge-b3}. */
  public static final class B3Single extends Named {
    /** Creates the provider; called by the service loader. */
    public B3Single() {
      super("b3");
    }
  }

  /** {@code tracebridge-b3multi}. */
  public static final class B3Multi extends Named {
    /** Creates the provider; called by the service loader. */
    public B3Multi() {
      super("b3multi");
    }
  }

  /** {@code tracebridge-jaeger}. */
  public static final class Jaeger extends Named {
    /** Creates the provider; called by the service loader. */
    public Jaeger() {
      super("jaeger");
    }
  }
}
