/**
 * Carrying the current span across threads, built on {@link io.tracebridge.ContextSnapshot}:
 * executors that wrap every task ({@link io.tracebridge.context.TracingExecutors}), futures whose
 * callbacks run in the caller's context ({@link io.tracebridge.context.TracedFuture}), and queues
 * and envelopes that carry it with each item ({@link io.tracebridge.context.TracedQueue}, {@link
 * io.tracebridge.context.Envelope}).
 */
package io.tracebridge.context;
