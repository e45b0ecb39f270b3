/**
 * Runnable Java versions of every scenario in the articles tracebridge started from: sync, async,
 * multithreaded through a channel, structured fields, nested errors, the lost-context pitfall and
 * its fix, filters, and JSON output. Run one with its {@code main}, or all with {@link
 * io.tracebridge.demo.examples.AllExamples}.
 */
package io.tracebridge.demo.examples;
