package io.tracebridge.slf4j;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider that turns every SLF4J call into a tracebridge event. SLF4J finds it through
 * {@link java.util.ServiceLoader} when {@code tracebridge-slf4j} is on the class path; put it there
 * <em>instead of</em> Logback or another SLF4J provider (with two, SLF4J warns and picks one).
 *
 * <p>Settings, read once when SLF4J starts:
 *
 * <ul>
 *   <li>{@value Slf4jSettings#MDC_PROPERTY} (system property) or {@value Slf4jSettings#MDC_ENV_VAR}
 *       (environment): {@code true} (default) to copy the MDC's entries into each event as string
 *       fields, {@code false} not to. Any other value fails SLF4J's start with a message that names
 *       it.
 * </ul>
 */
public final class TracebridgeServiceProvider implements SLF4JServiceProvider {
  /** The SLF4J API version this provider is built for. */
  public static final String REQUESTED_API_VERSION = "2.0.99";

  private ILoggerFactory loggerFactory;
  private IMarkerFactory markerFactory;
  private MDCAdapter mdcAdapter;

  /** Creates the provider; SLF4J calls {@link #initialize()} before using it. */
  public TracebridgeServiceProvider() {}

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }

  @Override
  public void initialize() {
    Slf4jSettings settings = Slf4jSettings.fromEnvironment();
    markerFactory = new BasicMarkerFactory();
    mdcAdapter = new BasicMDCAdapter();
    loggerFactory = new TracebridgeLoggerFactory(settings, mdcAdapter);
  }
}
