/**
 * JMH benchmarks of tracebridge against its peers.
 *
 * <p>Not implemented yet: this module is a placeholder until the benchmark work lands.
 */
package io.tracebridge.benchmarks;
