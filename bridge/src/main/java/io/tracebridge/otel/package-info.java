/**
 * The OpenTelemetry bridge: a tracebridge subscriber layer that turns local spans into OpenTelemetry spans.
 *
 * <p>Not implemented yet: this module is a placeholder until the bridge work lands.
 */
package io.tracebridge.otel;
