package io.tracebridge.propagation;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * A sampling state that came in with a trace and that OpenTelemetry's {@link SpanContext} cannot
 * hold (its flags have a sampled bit only), kept in the {@link Context} beside the remote parent so
 * that injecting the same trace forwards it unchanged:
 *
 * <ul>
 *   <li><b>debug</b>: B3's {@code d} or {@code x-b3-flags: 1}, Jaeger's flag {@code 2}. Debug means
 *       sampled, and B3 and Jaeger pass it down the whole trace, so it is forwarded for every span
 *       of that trace, local children included.
 *   <li><b>deferred</b>: B3 with no sampling state ({@code {trace}-{span}}, or {@code x-b3-*}
 *       without {@code x-b3-sampled}): nobody decided yet. The SDK needs a decision, so the remote
 *       parent reads as not sampled; injecting a span of that trace that is not sampled writes "no
 *       decision" again, not "deny". A sampled local span writes its own decision.
 * </ul>
 *
 * <p>Matched by trace id, so a context of another trace never inherits it.
 */
final class ForwardedSampling {
  private static final ContextKey<ForwardedSampling> KEY =
      ContextKey.named("tracebridge-forwarded-sampling");

  private final String traceId;
  private final boolean debug;

  private ForwardedSampling(String traceId, boolean debug) {
    this.traceId = traceId;
    this.debug = debug;
  }

  /** {@code context} with a debug or deferred state for {@code remote}'s trace. */
  static Context with(Context context, SpanContext remote, boolean debug) {
    return context.with(KEY, new ForwardedSampling(remote.getTraceId(), debug));
  }

  /** The state forwarded for {@code span}'s trace in {@code context}, or {@code null}. */
  private static ForwardedSampling of(Context context, SpanContext span) {
    ForwardedSampling state = context.get(KEY);
    return state != null && state.traceId.equals(span.getTraceId()) ? state : null;
  }

  /** Whether {@code span}, injected from {@code context}, is to be written as debug. */
  static boolean isDebug(Context context, SpanContext span) {
    ForwardedSampling state = of(context, span);
    return state != null && state.debug;
  }

  /**
   * Whether {@code span}, injected from {@code context}, is to be written with no sampling state.
   */
  static boolean isDeferred(Context context, SpanContext span) {
    if (span.isSampled()) {
      return false;
    }
    ForwardedSampling state = of(context, span);
    return state != null && !state.debug;
  }
}
