/**
 * grpc-java client and server interceptors.
 *
 * <p>The interceptors arrive with the gRPC work; the propagation carrier is here already.
 */
package io.tracebridge.grpc;
