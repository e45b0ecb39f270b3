/**
 * grpc-java tracing: {@link io.tracebridge.grpc.GrpcTracing} provides client and server
 * interceptors that make CLIENT and SERVER spans for all four call types and propagate context in
 * metadata, through {@link io.tracebridge.grpc.GrpcMetadataCarrier}. grpc-api is a {@code provided}
 * dependency.
 */
package io.tracebridge.grpc;
