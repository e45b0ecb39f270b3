/**
 * tracebridge core: the local tracing API, the Java counterpart of Rust's {@code tracing}.
 *
 * <p>Instrumented code declares a {@link io.tracebridge.Tracer} per class and creates {@link
 * io.tracebridge.Span spans} and events with typed fields and a {@link io.tracebridge.Level}. What
 * happens to them is decided by the {@link io.tracebridge.subscriber.Subscriber} installed through
 * {@link io.tracebridge.Dispatch}, usually a {@link io.tracebridge.Registry} of layers such as
 * {@link io.tracebridge.fmt.FmtLayer} (console and JSON output) or the OpenTelemetry bridge.
 *
 * <p>Conventions for the whole package:
 *
 * <ul>
 *   <li>Parameters and return values are non-null unless documented otherwise.
 *   <li>The request path never throws because of telemetry: misuse such as closing a span twice is
 *       a documented no-op. Configuration (builders, filter directives) fails fast with an {@link
 *       java.lang.IllegalArgumentException} or {@link java.lang.IllegalStateException} that names
 *       the bad value.
 *   <li>A disabled span or event allocates nothing.
 * </ul>
 */
package io.tracebridge;
