/**
 * {@code java.util.logging} into tracebridge: {@link io.tracebridge.jul.JulHandler} turns JUL
 * records, such as gRPC's and OkHttp's, into events in the current span.
 */
package io.tracebridge.jul;
