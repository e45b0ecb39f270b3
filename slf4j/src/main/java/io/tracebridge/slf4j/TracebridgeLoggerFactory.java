package io.tracebridge.slf4j;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/** One {@link TracebridgeLogger} per name, made on first use. */
final class TracebridgeLoggerFactory implements ILoggerFactory {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final Slf4jSettings settings;
  private final MDCAdapter mdc;

  TracebridgeLoggerFactory(Slf4jSettings settings, MDCAdapter mdc) {
    this.settings = settings;
    this.mdc = mdc;
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, n -> new TracebridgeLogger(n, settings, mdc));
  }
}
