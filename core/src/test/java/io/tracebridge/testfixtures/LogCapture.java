package io.tracebridge.testfixtures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what a class logs through {@code java.util.logging} while an action runs. */
public final class LogCapture {
  private LogCapture() {}

  /** What {@code source}'s logger (and its children) logs while {@code action} runs. */
  public static List<LogRecord> capture(Class<?> source, Runnable action) {
    return capture(source.getName(), action);
  }

  /** What the logger named {@code loggerName} (and its children) logs while {@code action} runs. */
  public static List<LogRecord> capture(String loggerName, Runnable action) {
    List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    Logger logger = Logger.getLogger(loggerName);
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      action.run();
    } finally {
      logger.removeHandler(handler);
    }
    return new ArrayList<>(records);
  }
}
