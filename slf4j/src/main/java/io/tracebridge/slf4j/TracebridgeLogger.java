package io.tracebridge.slf4j;

import io.tracebridge.EventBuilder;
import io.tracebridge.Level;
import io.tracebridge.Tracer;
import io.tracebridge.internal.ReentryGuard;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;

/**
 * An SLF4J logger whose calls become tracebridge events: the logger name is the event's target, so
 * {@code TRACEBRIDGE_LOG} filters it like tracebridge's own events, and the event belongs to the
 * current span. A level check is the tracer's ({@link Tracer#isEnabled}): a disabled call allocates
 * nothing.
 */
final class TracebridgeLogger extends AbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(TracebridgeLogger.class.getName());
  private static final AtomicLong FAILED = new AtomicLong();
  // A subscriber that logs through SLF4J while handling an SLF4J event would recurse without end.
  private static final ReentryGuard GUARD =
      new ReentryGuard(
          () ->
              LOG.warning(
                  "an SLF4J call made while another was being handled on the same thread (a layer"
                      + " that logs through SLF4J) was dropped; later ones are dropped silently"
                      + " and counted"));

  private final transient Tracer tracer;
  private final transient Slf4jSettings settings;
  private final transient MDCAdapter mdc;

  TracebridgeLogger(String name, Slf4jSettings settings, MDCAdapter mdc) {
    this.name = name;
    this.tracer = Tracer.named(name);
    this.settings = settings;
    this.mdc = mdc;
  }

  /**
   * Returns how many SLF4J calls were dropped because they came from inside the handling of another
   * SLF4J call on the same thread (a layer logging through SLF4J).
   */
  static long reentrantDrops() {
    return GUARD.refused();
  }

  static Level map(org.slf4j.event.Level level) {
    switch (level) {
      case TRACE:
        return Level.TRACE;
      case DEBUG:
        return Level.DEBUG;
      case INFO:
        return Level.INFO;
      case WARN:
        return Level.WARN;
      default:
        return Level.ERROR;
    }
  }

  @Override
  public boolean isTraceEnabled() {
    return tracer.isEnabled(Level.TRACE);
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return tracer.isEnabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return tracer.isEnabled(Level.DEBUG);
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return tracer.isEnabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return tracer.isEnabled(Level.INFO);
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return tracer.isEnabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return tracer.isEnabled(Level.WARN);
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return tracer.isEnabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return tracer.isEnabled(Level.ERROR);
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return tracer.isEnabled(Level.ERROR);
  }

  @Override
  protected @Nullable String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      org.slf4j.event.Level level,
      @Nullable Marker marker,
      String messagePattern,
      Object @Nullable [] arguments,
      @Nullable Throwable throwable) {
    emit(
        level, marker == null ? null : List.of(marker), messagePattern, arguments, throwable, null);
  }

  /** The fluent API ({@code logger.atInfo().addKeyValue(...).log(...)}) arrives here. */
  @Override
  public void log(LoggingEvent event) {
    if (tracer.isEnabled(map(event.getLevel()))) {
      emit(
          event.getLevel(),
          event.getMarkers(),
          event.getMessage(),
          event.getArgumentArray(),
          event.getThrowable(),
          event.getKeyValuePairs());
    }
  }

  private void emit(
      org.slf4j.event.Level level,
      @Nullable List<Marker> markers,
      @Nullable String pattern,
      Object @Nullable [] arguments,
      @Nullable Throwable throwable,
      @Nullable List<KeyValuePair> keyValues) {
    if (!GUARD.enter()) {
      return;
    }
    try {
      Object[] args = arguments;
      Throwable error = throwable;
      if (error == null && args != null) {
        error = MessageFormatter.getThrowableCandidate(args);
        if (error != null) {
          args = MessageFormatter.trimmedCopy(args);
        }
      }
      String message =
          pattern == null
              ? ""
              : args == null || args.length == 0
                  ? pattern
                  : MessageFormatter.basicArrayFormat(pattern, args);
      EventBuilder event = tracer.at(map(level));
      if (settings.mdcFields()) {
        Map<String, String> entries = mdc.getCopyOfContextMap();
        if (entries != null) {
          entries.forEach(event::field);
        }
      }
      if (markers != null && !markers.isEmpty()) {
        event.field("marker", markerNames(markers));
      }
      if (keyValues != null) {
        for (KeyValuePair kv : keyValues) {
          event.field(kv.key, kv.value);
        }
      }
      if (error != null) {
        event.error(error);
      }
      event.log(message);
    } catch (RuntimeException e) {
      // Telemetry never throws into the caller: a failing argument or key-value is reported once.
      if (FAILED.getAndIncrement() == 0) {
        LOG.log(java.util.logging.Level.WARNING, "an SLF4J call could not become an event", e);
      }
    } finally {
      GUARD.exit();
    }
  }

  private static String markerNames(List<Marker> markers) {
    if (markers.size() == 1) {
      return markers.get(0).getName();
    }
    StringBuilder names = new StringBuilder();
    for (Marker m : markers) {
      names.append(names.length() == 0 ? "" : ",").append(m.getName());
    }
    return names.toString();
  }
}
