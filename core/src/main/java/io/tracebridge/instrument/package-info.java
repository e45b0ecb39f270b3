/**
 * Declarative spans: methods annotated with {@link io.tracebridge.instrument.Instrument} get a span
 * per call through an interface proxy made by {@link io.tracebridge.instrument.Instrumented}.
 */
@Experimental(
    "the proxy-based instrumentation may gain an agent or annotation processor before 1.0")
package io.tracebridge.instrument;

import io.tracebridge.Experimental;
