package io.tracebridge.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Logback made by hand (no logback.xml, no LoggerFactory): a context whose root logs INFO and up to
 * a console-style appender over a discarding stream, with a pattern like tracebridge's full format.
 */
public final class BenchLogback {
  /** The pattern: timestamp, level, thread, logger, message, key-values, MDC ids. */
  public static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} %5level %thread %logger: %msg %kvp"
          + " trace_id=%X{trace_id} span_id=%X{span_id}%n";

  private BenchLogback() {}

  /** The console-style appender over {@code out}, started. */
  public static OutputStreamAppender<ILoggingEvent> console(LoggerContext context, NullOutput out) {
    if (context.getMDCAdapter() == null) {
      // A context made by hand has none (LoggerFactory's gets one): events would fail to append.
      context.setMDCAdapter(new LogbackMDCAdapter());
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    return appender;
  }

  /** A logger named {@code name} whose context's root logs INFO and up to {@code appender}. */
  public static Logger logger(
      LoggerContext context, Appender<ILoggingEvent> appender, String name) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    return context.getLogger(name);
  }
}
