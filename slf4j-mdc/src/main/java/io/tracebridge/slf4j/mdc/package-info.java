/**
 * Trace ids in the application's own log lines: {@link io.tracebridge.slf4j.mdc.MdcLayer} keeps
 * SLF4J's MDC in step with the current span, for Logback, Log4j 2 (through {@code
 * log4j-slf4j2-impl}) and any other SLF4J backend.
 */
package io.tracebridge.slf4j.mdc;
