/**
 * Text-map propagators (W3C Trace Context and Baggage, B3, Jaeger), carriers and a trust policy.
 *
 * <p>Not implemented yet: this module is a placeholder until the propagation work lands.
 */
package io.tracebridge.propagation;
