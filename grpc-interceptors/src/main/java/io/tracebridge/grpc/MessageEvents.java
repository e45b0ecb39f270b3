package io.tracebridge.grpc;

/** Which calls get an {@code rpc.message} event per message sent or received. */
public enum MessageEvents {
  /** Every call. Long streams make long spans (up to the bridge's event cap). */
  ALL,
  /** Unary calls only (the default): streaming calls would bloat their spans. */
  UNARY_ONLY,
  /** No call. */
  NONE
}
