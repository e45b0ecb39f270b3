/**
 * Text-map propagators that follow their specifications exactly (W3C Trace Context Level 2, W3C
 * Baggage, B3 single and multi, Jaeger), a composite built from an {@code OTEL_PROPAGATORS}-style
 * list, carriers for maps, multi-valued maps and the JDK HTTP server's headers, {@link
 * io.tracebridge.propagation.PropagationContext} for context inside messages, and the outbound and
 * inbound trust policies.
 *
 * <p>Every propagator returns the original context for malformed or hostile input, never throws,
 * never yields a half-parsed context, does work linear in its input, and never injects a value with
 * a character outside its format's grammar. Parameters are non-null unless documented otherwise.
 */
package io.tracebridge.propagation;
