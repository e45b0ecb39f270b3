package io.tracebridge.otel;

import io.opentelemetry.context.Context;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.Scope;

/**
 * Carries the OpenTelemetry {@link Context} through every tracebridge context snapshot, so
 * executors, {@code TracedFuture}s and envelopes carry OpenTelemetry context too, even where no
 * local span is current (for example inside a handler instrumented only with OpenTelemetry).
 */
final class OtelContextParticipant implements ContextSnapshot.Participant {
  static final OtelContextParticipant INSTANCE = new OtelContextParticipant();

  private OtelContextParticipant() {}

  @Override
  public Object capture() {
    Context current = Context.current();
    return current == Context.root() ? null : current;
  }

  @Override
  public Scope restore(Object state) {
    io.opentelemetry.context.Scope scope = ((Context) state).makeCurrent();
    return scope::close;
  }

  @Override
  public String toString() {
    return "OpenTelemetry Context";
  }
}
