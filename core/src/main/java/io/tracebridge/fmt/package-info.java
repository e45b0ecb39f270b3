/**
 * Console output: {@link io.tracebridge.fmt.FmtLayer} writes spans and events as text lines ({@code
 * full}, {@code compact}, {@code pretty}) or JSON, built only on the public subscriber SPI.
 */
package io.tracebridge.fmt;
