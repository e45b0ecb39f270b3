package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FollowsFromTest {
  private static final Tracer TRACER = Tracer.forClass(FollowsFromTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  @Test
  void linkToAnAlreadyClosedSpanIsRecordedAndAnnounced() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span cause = TRACER.infoSpan("enqueue").start();
          cause.close();
          Span effect = TRACER.infoSpan("dequeue").root().start();
          effect.followsFrom(cause);
          effect.close();
        });

    assertThat(recorder.span("dequeue").followsFrom())
        .containsExactly(recorder.span("enqueue").id());
    assertThat(recorder.span("dequeue").parentId()).isNull();
    assertThat(recorder.log()).contains("follows dequeue enqueue");
  }

  @Test
  void linkDeclaredOnTheBuilderIsVisibleWhenTheSpanStarts() {
    AtomicReference<List<SpanData>> atStart = new AtomicReference<>();
    Subscriber probe =
        new Subscriber() {
          @Override
          public void onNewSpan(SpanData span) {
            if (span.name().equals("batch")) {
              atStart.set(span.followsFrom());
            }
          }
        };
    Dispatch.withDefault(
        probe,
        () -> {
          Span a = TRACER.infoSpan("a").start();
          Span b = TRACER.infoSpan("b").start();
          TRACER.infoSpan("batch").followsFrom(a).followsFrom(b).start().close();
          a.close();
          b.close();
        });

    assertThat(atStart.get()).extracting(SpanData::name).containsExactly("a", "b");
  }

  @Test
  void linksWithTheDisabledSpanOrAfterCloseAreIgnored() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("s").start();
          span.followsFrom(Span.none());
          Span.none().followsFrom(span);
          span.followsFrom(span);
          span.close();
          span.followsFrom(TRACER.infoSpan("late").start());
        });

    assertThat(recorder.span("s").followsFrom()).isEmpty();
    assertThat(recorder.log()).noneMatch(line -> line.startsWith("follows"));
  }
}
