package io.tracebridge.demo.examples;

import io.tracebridge.EnteredSpan;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.otel.setup.OtelSetup;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Scenario 6, the lost-context pitfall and its fixes. Spans do not cross threads by themselves: a
 * task handed to a plain executor runs with no span, exactly like a task given to {@code
 * tokio::spawn} without {@code .instrument(..)}. The trail is lost:
 *
 * <pre>
 * ...  INFO main request{id="req-7"}: ...: submitting work
 * ...  INFO lost-1 ...: working (pitfall: no span)
 * </pre>
 *
 * <p>Three fixes, each keeping the task inside {@code request}:
 *
 * <ol>
 *   <li>wrap the task with the span: {@code span.wrap(task)}, Rust's {@code .instrument(span)};
 *   <li>wrap the executor once: {@link TracingExecutors#wrap(ExecutorService)};
 *   <li>for a span that may be disabled, {@code span.orCurrent().wrap(task)}, Rust's {@code
 *       or_current()}: the task then runs in the enclosing span instead of none.
 * </ol>
 */
public final class LostContextExample {
  private static final Tracer TRACER = Tracer.forClass(LostContextExample.class);

  private LostContextExample() {}

  /**
   * Runs the example on the console.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (OtelSetup setup = Examples.init()) {
      run();
    }
  }

  static void run() {
    ExecutorService plain = Examples.pool("lost", 1);
    ExecutorService fixedPool = Examples.pool("fixed", 1);
    ExecutorService traced = TracingExecutors.wrap(fixedPool);
    try (EnteredSpan request = TRACER.infoSpan("request").field("id", "req-7").entered()) {
      TRACER.info("submitting work");

      await(plain.submit(() -> TRACER.info("working (pitfall: no span)")));

      Span span = request.span();
      await(plain.submit(span.wrap(() -> TRACER.info("working (fix 1: span.wrap)"))));

      await(traced.submit(() -> TRACER.info("working (fix 2: TracingExecutors.wrap)")));

      Span maybeDisabled = TRACER.traceSpan("optional_detail").start();
      await(
          plain.submit(
              maybeDisabled.orCurrent().wrap(() -> TRACER.info("working (fix 3: orCurrent)"))));
      maybeDisabled.close();
    } finally {
      plain.shutdownNow();
      fixedPool.shutdownNow();
    }
  }

  private static void await(Future<?> future) {
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
