/**
 * OkHttp client tracing: {@link io.tracebridge.okhttp.OkHttpTracing} makes a CLIENT span per
 * network attempt and injects trace context, and {@link io.tracebridge.okhttp.OkHttpCarriers} are
 * the propagation carriers for OkHttp requests and headers. OkHttp itself is a {@code provided}
 * dependency: 5.x or 4.12.
 */
package io.tracebridge.okhttp;
