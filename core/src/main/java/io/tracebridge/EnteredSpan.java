package io.tracebridge;

/**
 * A span that was started and entered in one step by {@link SpanBuilder#entered()}. Closing it
 * exits the span and closes it, so one try-with-resources covers the whole lifetime:
 *
 * <pre>{@code
 * try (EnteredSpan s = TRACER.infoSpan("process_request").field("id", id).entered()) {
 *   TRACER.info("Processing request");
 * }
 * }</pre>
 *
 * <p>Close it on the thread that entered it. Closing twice is a no-op.
 */
public interface EnteredSpan extends AutoCloseable {
  /** The entered form of {@link Span#none()}: closing it does nothing. */
  EnteredSpan NONE =
      new EnteredSpan() {
        @Override
        public Span span() {
          return Span.none();
        }

        @Override
        public void close() {}
      };

  /**
   * Returns the span, e.g. to {@link Span#record record} a value on it.
   *
   * @return the span; {@link Span#none()} if it was disabled
   */
  Span span();

  /** Exits the span, then closes it. */
  @Override
  void close();
}
