package io.tracebridge.grpc;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which RPC semantic conventions gRPC spans follow. The default is the stable RPC and gRPC
 * conventions of semantic conventions 1.45. {@code OTEL_SEMCONV_STABILITY_OPT_IN} (or the system
 * property {@code otel.semconv-stability.opt-in}), the list OpenTelemetry's instrumentations read,
 * switches: {@code rpc/dup} emits the old and the stable attributes together, for a phased
 * migration of dashboards and alerts; {@code rpc/old} (tracebridge's value; OpenTelemetry's
 * instrumentations ignore it) keeps the old ones alone. {@code rpc/dup} wins over {@code rpc/old};
 * {@code rpc} and values of other categories ({@code http}, {@code database}, ...) leave the
 * default.
 */
public enum RpcConventions {
  /**
   * Stable (1.45): {@code rpc.system.name}, a fully qualified {@code rpc.method} ({@code
   * package.Service/Method}), {@code rpc.status_code} as the status name, {@code error.type} on
   * failure, and {@code rpc.request.metadata.<key>}.
   */
  STABLE,
  /**
   * Before semantic conventions 1.39, as tracebridge emitted first: {@code rpc.system}, {@code
   * rpc.service}, a bare {@code rpc.method}, an integer {@code rpc.grpc.status_code}, and {@code
   * rpc.grpc.request.metadata.<key>}.
   */
  OLD,
  /**
   * Both sets of attributes. The one name they share, {@code rpc.method}, has the stable (fully
   * qualified) value.
   */
  DUPLICATE;

  /** The system property read before the environment variable. */
  public static final String PROPERTY = "otel.semconv-stability.opt-in";

  /** The environment variable. */
  public static final String ENV_VAR = "OTEL_SEMCONV_STABILITY_OPT_IN";

  /**
   * Returns the conventions {@code otel.semconv-stability.opt-in} or {@code
   * OTEL_SEMCONV_STABILITY_OPT_IN} asks for (the property wins), {@link #STABLE} if neither.
   *
   * @return the conventions
   */
  public static RpcConventions fromEnv() {
    String property = System.getProperty(PROPERTY);
    return parse(property != null ? property : System.getenv(ENV_VAR));
  }

  /**
   * Reads an {@code OTEL_SEMCONV_STABILITY_OPT_IN} value.
   *
   * @param optIn the comma-separated list, or {@code null}
   * @return the conventions it asks for RPC
   */
  public static RpcConventions parse(@Nullable String optIn) {
    if (optIn == null) {
      return STABLE;
    }
    boolean old = false;
    for (String value : optIn.split(",")) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.equals("rpc/dup")) {
        return DUPLICATE;
      }
      old |= v.equals("rpc/old");
    }
    return old ? OLD : STABLE;
  }

  boolean emitsStable() {
    return this != OLD;
  }

  boolean emitsOld() {
    return this != STABLE;
  }
}
