package io.tracebridge.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The batch span processor's per-export "queue is full" warnings become one WARNING per overflow
 * episode and one INFO with its total, and every dropped span is counted. The records fed here are
 * the ones the SDK 1.63 processor logs.
 */
class QueueDropWatcherTest {
  private static LogRecord processorSays(long dropped) {
    return new LogRecord(Level.WARNING, "BatchSpanProcessor dropped " + dropped
        + " span(s) since the last export because the queue is full (maxQueueSize=2048)");
  }

  @Test
  void anOverflowEpisodeIsOneWarningThenOneInfoWithItsTotalAndEveryDropIsCounted() {
    QueueDropWatcher watcher = new QueueDropWatcher();
    List<LogRecord> logged = LogCapture.capture(QueueDropWatcher.class, () -> {
      assertThat(watcher.isLoggable(processorSays(455))).isFalse();
      watcher.exported();
      assertThat(watcher.isLoggable(processorSays(653))).isFalse();
      watcher.exported();
      watcher.exported(); // an export with no drop since the previous one: caught up
      watcher.exported();
      assertThat(watcher.isLoggable(processorSays(10))).isFalse(); // a second episode
    });

    assertThat(logged).extracting(LogRecord::getLevel)
        .containsExactly(Level.WARNING, Level.INFO, Level.WARNING);
    assertThat(logged.get(0).getMessage()).contains("export queue is full").contains("unaffected");
    assertThat(logged.get(1).getMessage()).contains("caught up; 1108 span(s) were dropped");
    assertThat(watcher.dropped()).isEqualTo(1118);
  }

  @Test
  void otherProcessorMessagesAreLetThrough() {
    QueueDropWatcher watcher = new QueueDropWatcher();
    assertThat(watcher.isLoggable(new LogRecord(Level.WARNING, "Exporter failed"))).isTrue();
    assertThat(watcher.isLoggable(new LogRecord(Level.WARNING, null))).isTrue();
    assertThat(watcher.dropped()).isZero();
  }
}
