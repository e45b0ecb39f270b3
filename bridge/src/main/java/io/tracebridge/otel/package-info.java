/**
 * The OpenTelemetry bridge: {@link io.tracebridge.otel.OpenTelemetryLayer}, a tracebridge
 * subscriber layer that turns local spans into OpenTelemetry spans and keeps the OpenTelemetry
 * {@code Context} and local spans in step in both directions; {@link
 * io.tracebridge.otel.OtelBridge} for remote parents and injection; and {@code OtelSetup}, the
 * one-line application setup, in the module tracebridge-otel-setup (the SDK side, as OpenTelemetry
 * splits API and SDK).
 *
 * <p>Parameters and return values are non-null unless documented otherwise. Nothing here throws
 * into the application on the request path; configuration fails fast, naming the bad value.
 */
package io.tracebridge.otel;
