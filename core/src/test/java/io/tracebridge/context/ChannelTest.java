package io.tracebridge.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Scope;
import io.tracebridge.TestThreads;
import io.tracebridge.Tracer;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChannelTest {
  private static final Tracer TRACER = Tracer.forClass(ChannelTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  @Test
  void receiverRunsInTheSpanOfEachMessagesSender() throws Exception {
    TracedQueue<String> queue = TracedQueue.create(10);
    Thread worker =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 2; i++) {
                  queue.takeAndRun(
                      job ->
                          TRACER
                              .infoSpan("process")
                              .field("job", job)
                              .run(() -> TRACER.info("working")));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "worker");

    Dispatch.withDefault(
        recorder,
        () -> {
          worker.start();
          for (String id : new String[] {"req-1", "req-2"}) {
            try (EnteredSpan request = TRACER.infoSpan("request").field("id", id).entered()) {
              try {
                queue.put("job-" + id);
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            }
          }
          TestThreads.join(worker);
        });

    assertThat(recorder.spans("process")).hasSize(2);
    for (var process : recorder.spans("process")) {
      assertThat(process.threadName()).isEqualTo("worker");
      assertThat(process.parent().name()).isEqualTo("request");
      assertThat("job-" + process.parent().field("id")).isEqualTo(process.field("job"));
    }
  }

  @Test
  void envelopeKeepsTheSendersSpanAndCanBeAttachedByHand() throws Exception {
    Dispatch.withDefault(
        recorder,
        () -> {
          Envelope<Integer> envelope;
          try (EnteredSpan producer = TRACER.infoSpan("producer").entered()) {
            envelope = Envelope.of(42);
            assertThat(envelope.span()).isSameAs(producer.span());
          }
          Thread consumer =
              new Thread(
                  () -> {
                    try (Scope ignored = envelope.attach()) {
                      TRACER.atInfo().field("value", envelope.payload()).log("consumed");
                    }
                  });
          consumer.start();
          TestThreads.join(consumer);
        });

    assertThat(recorder.event("consumed").spanPath()).containsExactly("producer");
    assertThat(recorder.event("consumed").field("value")).isEqualTo(42L);
  }

  @Test
  void pollTimesOutWithNullOnAnEmptyQueueAndOfferRespectsCapacity() throws Exception {
    TracedQueue<String> queue = TracedQueue.create(1);

    assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    assertThat(queue.offer("a")).isTrue();
    assertThat(queue.offer("b")).isFalse();
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void nonPositiveCapacityIsRejectedNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TracedQueue.create(0))
        .hasMessageContaining("was 0");
  }
}
