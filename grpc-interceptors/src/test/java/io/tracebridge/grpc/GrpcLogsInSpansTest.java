package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Level;
import io.tracebridge.Tracer;
import io.tracebridge.jul.JulHandler;
import io.tracebridge.testing.RecordedEvent;
import io.tracebridge.testing.RecordingSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/logging.md, "JUL into events": gRPC logs through {@code java.util.logging}, and with {@link
 * JulHandler} installed its own warning lands inside the span that caused it. Here gRPC itself
 * logs, not a logger named like it: an unbalanced {@code Context.detach} makes gRPC's context
 * storage log SEVERE "Context was not attached when detaching" on the calling thread.
 */
class GrpcLogsInSpansTest {
  private static final Tracer TRACER = Tracer.forClass(GrpcLogsInSpansTest.class);

  @AfterEach
  void uninstall() {
    JulHandler.uninstall();
  }

  @Test
  void grpcsOwnSevereLogIsAnErrorEventInsideTheSpanThatProvokedIt() {
    RecordingSubscriber recorder = RecordingSubscriber.create();
    JulHandler.install();
    Context.Key<String> key = Context.key("tenant");

    Dispatch.withDefault(
        recorder,
        () -> {
          try (EnteredSpan span = TRACER.infoSpan("reprice_cart").entered()) {
            Context attached = Context.current().withValue(key, "acme");
            Context previous = attached.attach();
            // the bug gRPC warns about: detaching a context that is not the current one
            Context.ROOT.withValue(key, "other").detach(previous);
          }
        });

    RecordedEvent event = recorder.event("Context was not attached when detaching");
    assertThat(event.level()).isEqualTo(Level.ERROR);
    assertThat(event.target()).startsWith("io.grpc.");
    assertThat(event.spanPath()).containsExactly("reprice_cart");
    assertThat(event.error()).as("gRPC logs a Throwable for the stack").isNotNull();
  }
}
