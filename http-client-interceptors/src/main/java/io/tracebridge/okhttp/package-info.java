/**
 * OkHttp client tracing.
 *
 * <p>The OkHttp interceptors arrive with the HTTP client work; the propagation carriers are here already.
 */
package io.tracebridge.okhttp;
