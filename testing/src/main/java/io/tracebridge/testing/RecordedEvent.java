package io.tracebridge.testing;

import io.tracebridge.Level;
import io.tracebridge.subscriber.EventData;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RecordingSubscriber} saw of one event: an immutable copy.
 *
 * @param level the level
 * @param target the target
 * @param message the message
 * @param fields the fields, boxed as {@link io.tracebridge.Fields#asMap()} boxes them
 * @param spanId the id of the span it belongs to, or {@code null}
 * @param spanPath the names of the enclosing spans, outermost first
 * @param threadName the thread that emitted it
 * @param error the first error among its fields, or {@code null}
 */
public record RecordedEvent(
    Level level,
    String target,
    String message,
    Map<String, Object> fields,
    @Nullable Long spanId,
    List<String> spanPath,
    String threadName,
    @Nullable Throwable error) {

  static RecordedEvent of(EventData event, List<String> spanPath) {
    return new RecordedEvent(
        event.level(),
        event.target(),
        event.message(),
        event.fields().asMap(),
        event.parent() == null ? null : event.parent().id(),
        List.copyOf(spanPath),
        Thread.currentThread().getName(),
        event.error());
  }

  /**
   * Returns one field.
   *
   * @param name the field name
   * @return the value, or {@code null}
   */
  public @Nullable Object field(String name) {
    return fields.get(name);
  }
}
