/**
 * OkHttp client tracing.
 *
 * <p>Not implemented yet: this module is a placeholder until the HTTP client work lands.
 */
package io.tracebridge.okhttp;
