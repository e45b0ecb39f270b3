/**
 * Server-side tracing for the JDK's built-in HTTP server ({@code com.sun.net.httpserver}): {@link
 * io.tracebridge.okhttp.httpserver.TracingFilter} extracts the caller's context under the inbound
 * trust policy and runs each exchange in a SERVER span.
 */
package io.tracebridge.okhttp.httpserver;
