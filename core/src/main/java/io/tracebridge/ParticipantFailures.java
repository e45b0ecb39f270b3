package io.tracebridge;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the exceptions {@link ContextSnapshot.Participant}s throw, and logs the first one of each
 * participant at WARNING: a participant that fails leaves its piece of context behind (the task
 * runs without it), which must never be silent. The snapshot, its span and the other participants
 * carry on.
 */
final class ParticipantFailures {
  private static final Logger LOG = Logger.getLogger(ContextSnapshot.class.getName());

  /** Bounds the memory of which participants were reported; participants are few in practice. */
  private static final int MAX_REPORTED = 1_000;

  private static final LongAdder COUNT = new LongAdder();
  private static final Set<Class<?>> REPORTED = ConcurrentHashMap.newKeySet();

  private ParticipantFailures() {}

  /**
   * Counts a failure of the participant {@code culprit} while {@code doing}, whose {@code
   * consequence} the log line states; the first failure of each participant class is logged.
   */
  static void failed(Object culprit, String doing, String consequence, RuntimeException e) {
    COUNT.increment();
    if (REPORTED.size() < MAX_REPORTED && REPORTED.add(culprit.getClass())) {
      LOG.log(
          Level.WARNING,
          "a context participant threw while "
              + doing
              + " ("
              + culprit
              + "): "
              + consequence
              + ". Later failures of "
              + culprit.getClass().getName()
              + " are counted in ContextSnapshot.participantFailureCount() and not logged",
          e);
    }
  }

  /** Returns how many participant failures there have been in this process. */
  static long count() {
    return COUNT.sum();
  }
}
