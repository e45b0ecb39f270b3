package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.testing.RecordingSubscriber;
import org.junit.jupiter.api.Test;

/** The only test in this module that sets the JVM-wide default; the others use scoped defaults. */
class GlobalDefaultTest {
  private static final Tracer TRACER = Tracer.named("global.default.Test");

  @Test
  void globalDefaultIsSetOnceAndASecondAttemptFailsNamingTheFirst() throws Exception {
    RecordingSubscriber global = RecordingSubscriber.create();
    RecordingSubscriber scoped = RecordingSubscriber.create();
    Dispatch.setGlobalDefault(global);

    assertThat(Dispatch.hasGlobalDefault()).isTrue();
    assertThatThrownBy(() -> Dispatch.setGlobalDefault(RecordingSubscriber.create()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already set")
        .hasMessageContaining("RecordingSubscriber");

    Thread thread = new Thread(() -> TRACER.info("from a plain thread"));
    thread.start();
    thread.join();
    Dispatch.withDefault(scoped, () -> TRACER.info("scoped wins on this thread"));
    TRACER.info("global again");

    assertThat(global.events())
        .extracting(e -> e.message())
        .contains("from a plain thread", "global again")
        .doesNotContain("scoped wins on this thread");
    assertThat(scoped.events())
        .extracting(e -> e.message())
        .containsExactly("scoped wins on this thread");
  }
}
