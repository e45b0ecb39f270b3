/**
 * Implementation support shared by tracebridge's own modules. Not API: it may change in any
 * release, and the Javadoc leaves it out, as OpenTelemetry does with its {@code internal} packages.
 */
package io.tracebridge.internal;
