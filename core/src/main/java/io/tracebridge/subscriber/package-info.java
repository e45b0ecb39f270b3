/**
 * The subscriber SPI: what a layer implements ({@link io.tracebridge.subscriber.Subscriber}), what
 * it sees ({@link io.tracebridge.subscriber.SpanData}, {@link
 * io.tracebridge.subscriber.EventData}), where it keeps per-span state ({@link
 * io.tracebridge.subscriber.Extensions}) and how it chooses what it wants ({@link
 * io.tracebridge.subscriber.Filter}).
 *
 * <p>Instrumented code never needs this package. The console layer ({@code io.tracebridge.fmt}),
 * the filter ({@code io.tracebridge.filter}) and the OpenTelemetry bridge are built on it and on
 * nothing else, so a third-party layer can do whatever they do.
 */
@Experimental("the layer SPI may still change before 1.0; instrumentation code is not affected")
package io.tracebridge.subscriber;

import io.tracebridge.Experimental;
