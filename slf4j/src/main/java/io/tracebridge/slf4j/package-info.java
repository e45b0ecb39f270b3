/**
 * An SLF4J 2 provider for tracebridge: put {@code tracebridge-slf4j} on the class path instead of
 * Logback, and every SLF4J call becomes a tracebridge event in the current span. See {@link
 * io.tracebridge.slf4j.TracebridgeServiceProvider}.
 */
package io.tracebridge.slf4j;
