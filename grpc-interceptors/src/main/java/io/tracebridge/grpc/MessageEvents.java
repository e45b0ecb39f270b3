package io.tracebridge.grpc;

/**
 * Which calls get an event per message sent or received: {@code message} with {@code message.type}
 * and {@code message.id}, as OpenTelemetry's gRPC instrumentation names them (tracebridge's first
 * releases wrote {@code rpc.message} with {@code rpc.message.*}). Off by default: semantic
 * conventions 1.45 deprecated per-message events on RPC spans.
 */
public enum MessageEvents {
  /** Every call. Long streams make long spans (up to the bridge's event cap). */
  ALL,
  /** Unary calls only: streaming calls would bloat their spans. */
  UNARY_ONLY,
  /** No call (the default). */
  NONE
}
