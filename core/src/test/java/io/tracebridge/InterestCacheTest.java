package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.subscriber.Filter;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class InterestCacheTest {
  private static final Tracer TRACER = Tracer.named("interest.cache.Test");

  @Test
  void filterIsAskedOncePerLevelNotOncePerCall() {
    AtomicInteger asked = new AtomicInteger();
    Filter counting =
        (level, target) -> {
          if (target.equals(TRACER.target())) {
            asked.incrementAndGet();
          }
          return level.isAtLeast(Level.INFO);
        };
    Registry registry = Registry.builder().with(RecordingSubscriber.create(), counting).build();

    Dispatch.withDefault(
        registry,
        () -> {
          TRACER.isEnabled(Level.INFO); // fills the cache
          int afterFirst = asked.get();
          for (int i = 0; i < 1_000; i++) {
            TRACER.isEnabled(Level.DEBUG);
            TRACER.isEnabled(Level.TRACE);
          }
          assertThat(asked.get()).isEqualTo(afterFirst);
        });
  }

  @Test
  void rebuildInterestCachePicksUpAChangedFilter() {
    AtomicReference<Level> threshold = new AtomicReference<>(Level.ERROR);
    Filter dynamic = (level, target) -> level.isAtLeast(threshold.get());
    RecordingSubscriber recorder = RecordingSubscriber.create();

    Dispatch.withDefault(
        Registry.builder().with(recorder, dynamic).build(),
        () -> {
          assertThat(TRACER.isEnabled(Level.INFO)).isFalse();
          threshold.set(Level.INFO);
          Dispatch.rebuildInterestCache();
          assertThat(TRACER.isEnabled(Level.INFO)).isTrue();
          TRACER.info("now visible");
        });

    assertThat(recorder.event("now visible").level()).isEqualTo(Level.INFO);
  }

  @Test
  void scopedSubscribersOnOtherThreadsDoNotLeakEventsIntoThisOne() throws Exception {
    RecordingSubscriber mine = RecordingSubscriber.create();
    RecordingSubscriber theirs = RecordingSubscriber.create();
    Thread other = new Thread(() -> Dispatch.withDefault(theirs, () -> TRACER.info("theirs")));

    Dispatch.withDefault(
        Registry.builder().with(mine, Filter.atLeast(Level.WARN)).build(),
        () -> {
          other.start();
          TestThreads.join(other);
          TRACER.info("filtered out for mine");
          TRACER.warn("mine");
        });

    assertThat(mine.events()).extracting(e -> e.message()).containsExactly("mine");
    assertThat(theirs.events()).extracting(e -> e.message()).containsExactly("theirs");
  }

  @Test
  void staticMaxLevelParsesLevelsAndOffAndNamesABadValue() {
    assertThat(StaticMaxLevel.parse(null)).isZero();
    assertThat(StaticMaxLevel.parse("info")).isEqualTo(Level.INFO.ordinal());
    assertThat(StaticMaxLevel.parse("OFF")).isEqualTo(5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StaticMaxLevel.parse("loud"))
        .hasMessageContaining("tracebridge.max_level='loud'");
  }
}
