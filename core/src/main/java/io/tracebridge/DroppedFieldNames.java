package io.tracebridge;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Counts the field names dropped because a span or event already held {@link Fields#MAX_FIELDS},
 * and reports the first one at WARNING, once per process: a drop is never silent, and code that
 * invents field names in a loop cannot flood the log either.
 */
final class DroppedFieldNames {
  private static final Logger LOG = Logger.getLogger(Fields.class.getName());
  private static final LongAdder COUNT = new LongAdder();
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  private DroppedFieldNames() {}

  /** Counts the drop of {@code name}; the first drop in the process is logged. */
  static void dropped(String name) {
    COUNT.increment();
    if (REPORTED.compareAndSet(false, true)) {
      LOG.warning(
          "a span or event already holds "
              + Fields.MAX_FIELDS
              + " distinct field names (Fields.MAX_FIELDS); the new field '"
              + name
              + "' was dropped. Field names should not be built from data (put the data in the"
              + " value). Later drops are counted in Fields.droppedNameCount() and not logged");
    }
  }

  /** Returns how many field names were dropped in this process. */
  static long count() {
    return COUNT.sum();
  }

  /** Lets the next drop be logged again: for tests that check the report. */
  static void reportAgain() {
    REPORTED.set(false);
  }
}
