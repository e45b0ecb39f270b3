/**
 * grpc-java client and server interceptors.
 *
 * <p>Not implemented yet: this module is a placeholder until the gRPC work lands.
 */
package io.tracebridge.grpc;
