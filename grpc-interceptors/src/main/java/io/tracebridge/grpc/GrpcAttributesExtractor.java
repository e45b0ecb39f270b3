package io.tracebridge.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.tracebridge.Span;

/**
 * Adds attributes of your own to CLIENT and SERVER spans, as fields recorded on the local span. An
 * exception thrown here is caught and logged, never passed to the call.
 */
public interface GrpcAttributesExtractor {
  /**
   * Called when the call starts.
   *
   * @param span the call's span; may be {@link Span#none()} if disabled
   * @param method the method
   * @param headers the request metadata (outgoing on the client, incoming on the server)
   */
  void onStart(Span span, MethodDescriptor<?, ?> method, Metadata headers);

  /**
   * Called when the call ends.
   *
   * @param span the call's span
   * @param status the final status
   */
  default void onEnd(Span span, Status status) {}
}
