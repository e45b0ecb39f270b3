package io.tracebridge.jul;

import io.tracebridge.EventBuilder;
import io.tracebridge.Level;
import io.tracebridge.Tracer;
import io.tracebridge.internal.ReentryGuard;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;

/**
 * A {@code java.util.logging} handler that turns each record into a tracebridge event, the way
 * Rust's {@code tracing-log} turns {@code log} records into events. gRPC and OkHttp log through
 * JUL, so with it installed a library's warning becomes an event in the span whose work caused it,
 * shows in the console hierarchy and lands on the OpenTelemetry span.
 *
 * <ul>
 *   <li>The logger name is the event's target, so {@code TRACEBRIDGE_LOG=info,io.grpc=warn} filters
 *       it like tracebridge's own events.
 *   <li>Levels map by value: {@code SEVERE} → ERROR, {@code WARNING} → WARN, {@code INFO} → INFO,
 *       {@code CONFIG} and {@code FINE} → DEBUG, {@code FINER} and {@code FINEST} → TRACE. JUL's
 *       own levels still apply first: the root logger passes INFO and above unless {@code
 *       logging.properties} says otherwise.
 *   <li>The message is formatted as JUL formats it ({@code {0}} parameters, resource bundles); a
 *       thrown exception becomes the event's error.
 *   <li>Records of tracebridge's own loggers ({@code io.tracebridge.*}) are left to the other
 *       handlers: they report on tracebridge itself, and routing them back into it could loop.
 * </ul>
 *
 * <p>Install it with {@link #install()} (or {@code OtelSetup.builder().routeJavaUtilLogging(true)}
 * in tracebridge-otel-setup). The root logger's other handlers stay; remove its {@code
 * ConsoleHandler} if the console layer should be the only console output.
 */
public final class JulHandler extends Handler {
  private static final Formatter MESSAGES = new SimpleFormatter();
  private static final String OWN_LOGGERS = "io.tracebridge.";
  // A subscriber that logs through JUL while a record is published would recurse without end.
  private static final ReentryGuard GUARD =
      new ReentryGuard(
          () ->
              new ErrorManager()
                  .error(
                      "a JUL record logged while another was being published on the same thread"
                          + " (a subscriber that logs through JUL) was dropped; later ones are"
                          + " only counted",
                      null,
                      ErrorManager.GENERIC_FAILURE));
  private static @Nullable JulHandler installed;

  private final ConcurrentMap<String, Tracer> tracers = new ConcurrentHashMap<>();

  /** Creates a handler; {@link #install()} adds one to the root logger. */
  public JulHandler() {}

  /**
   * Adds a handler to JUL's root logger, once: later calls return the same handler.
   *
   * @return the installed handler
   */
  public static synchronized JulHandler install() {
    if (installed == null) {
      installed = new JulHandler();
      Logger.getLogger("").addHandler(installed);
    }
    return installed;
  }

  /** Removes the handler {@link #install()} added, if any. */
  public static synchronized void uninstall() {
    if (installed != null) {
      Logger.getLogger("").removeHandler(installed);
      installed = null;
    }
  }

  /**
   * Maps a JUL level to a tracebridge level by its value.
   *
   * @param level the JUL level
   * @return the tracebridge level
   */
  public static Level level(java.util.logging.Level level) {
    int value = level.intValue();
    if (value >= java.util.logging.Level.SEVERE.intValue()) {
      return Level.ERROR;
    } else if (value >= java.util.logging.Level.WARNING.intValue()) {
      return Level.WARN;
    } else if (value >= java.util.logging.Level.INFO.intValue()) {
      return Level.INFO;
    } else if (value >= java.util.logging.Level.FINE.intValue()) {
      return Level.DEBUG;
    }
    return Level.TRACE;
  }

  /**
   * Returns how many records were dropped because a subscriber logged through JUL while a record
   * was being published on the same thread (by any {@code JulHandler}).
   *
   * @return the count
   */
  public long reentrantDrops() {
    return GUARD.refused();
  }

  @Override
  public void publish(@Nullable LogRecord record) {
    if (record == null || record.getLevel() == java.util.logging.Level.OFF) {
      return;
    }
    String name = record.getLoggerName() == null ? "" : record.getLoggerName();
    if (name.startsWith(OWN_LOGGERS)) {
      return;
    }
    Tracer tracer = tracers.computeIfAbsent(name, Tracer::named);
    Level level = level(record.getLevel());
    if (!tracer.isEnabled(level)) {
      return;
    }
    if (!GUARD.enter()) {
      return;
    }
    try {
      EventBuilder event = tracer.at(level);
      if (record.getThrown() != null) {
        event.error(record.getThrown());
      }
      event.log(MESSAGES.formatMessage(record));
    } catch (RuntimeException e) {
      reportError("tracebridge could not publish a JUL record", e, ErrorManager.FORMAT_FAILURE);
    } finally {
      GUARD.exit();
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
