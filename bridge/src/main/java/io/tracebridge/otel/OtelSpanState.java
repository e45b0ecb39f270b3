package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.tracebridge.EventData;
import io.tracebridge.Fields;
import io.tracebridge.Level;
import io.tracebridge.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry side of one local span, kept in the span's extensions.
 *
 * <p>The OpenTelemetry span starts lazily, at the first of: an enter, a child or link needing its
 * context, {@link OtelBridge#context}, an event, or close. Until then fields, kind, name, status and
 * links are buffered, and {@link OtelBridge#setParent} can still replace the parent. Its start time is
 * always the local span's, and its end time is the local start plus the local lifetime.
 */
final class OtelSpanState {
  private static final AttributeKey<String> LEVEL = AttributeKey.stringKey("level");
  private static final AttributeKey<String> TARGET = AttributeKey.stringKey("target");
  private static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("message");
  private static final AttributeKey<Long> BUSY = AttributeKey.longKey("busy_ns");
  private static final AttributeKey<Long> IDLE = AttributeKey.longKey("idle_ns");

  private static final Object[] NO_ATTRIBUTES = new Object[0];

  private final OpenTelemetryLayer layer;
  private final SpanData local;

  // Guarded by this.
  private Context parent;
  private String name;
  private SpanKind kind = SpanKind.INTERNAL;
  // The thread, code and target/level attributes: not counted against the cap, overridden by fields.
  private Attributes extra;
  // The span's attributes as (key, value) pairs, keyCount of them, first-put order. Before the
  // OpenTelemetry span starts they are its pending attributes; afterwards only the keys are kept, to
  // count distinct keys against the cap.
  private Object[] attributes = NO_ATTRIBUTES;
  private int keyCount;
  private List<SpanContext> pendingLinks;
  private List<Throwable> pendingErrors;
  private StatusCode pendingStatus;
  private String pendingDescription;
  private boolean statusExplicit;
  private int events;
  private FieldAttributes eventFields; // reused for every event of this span, under the lock
  private long dropped;
  private io.opentelemetry.api.trace.Span span;
  private Context context;
  private boolean ended;

  OtelSpanState(OpenTelemetryLayer layer, SpanData local, Context parent) {
    this.layer = layer;
    this.local = local;
    this.parent = parent;
    this.name = local.name();
    FieldAttributes fields = FieldAttributes.into(local.fields(), this);
    extra = layer.extraAttributes(local, !fields.noCodeAttributes);
    applySpecial(fields);
    for (Throwable error : fields.errors) {
      recordErrorLocked(error);
    }
  }

  /** Returns the context holding the OpenTelemetry span, starting it if needed. */
  synchronized Context context() {
    start();
    return context;
  }

  synchronized SpanContext spanContext() {
    start();
    return span.getSpanContext();
  }

  /** Replaces the parent if the OpenTelemetry span has not started yet. */
  synchronized boolean setParent(Context newParent) {
    if (span != null) {
      return false;
    }
    parent = newParent;
    return true;
  }

  synchronized boolean isStarted() {
    return span != null;
  }

  private void start() {
    if (span != null) {
      return;
    }
    SpanBuilder builder =
        layer.tracer
            .spanBuilder(name)
            .setParent(parent)
            .setSpanKind(kind)
            .setStartTimestamp(local.startEpochNanos(), TimeUnit.NANOSECONDS)
            .setAllAttributes(extra);
    for (int i = 0; i < keyCount; i++) {
      setOn(builder, attributes[2 * i], attributes[2 * i + 1]);
      attributes[2 * i + 1] = null;
    }
    if (pendingLinks != null) {
      for (SpanContext link : pendingLinks) {
        builder.addLink(link);
      }
    }
    span = builder.startSpan();
    context = parent.with(span);
    extra = null;
    pendingLinks = null;
    if (pendingErrors != null) {
      for (Throwable error : pendingErrors) {
        addExceptionEvent(error, Attributes.builder());
      }
      pendingErrors = null;
    }
    if (pendingStatus != null) {
      span.setStatus(pendingStatus, pendingDescription == null ? "" : pendingDescription);
    }
  }

  synchronized void record(Fields values) {
    if (ended) {
      return;
    }
    FieldAttributes fields = FieldAttributes.into(values, this);
    applySpecial(fields);
    for (Throwable error : fields.errors) {
      recordErrorLocked(error);
    }
  }

  synchronized void addLink(SpanContext link) {
    if (ended || !link.isValid()) {
      return;
    }
    if (span == null) {
      if (pendingLinks == null) {
        pendingLinks = new ArrayList<>(2);
      }
      pendingLinks.add(link);
    } else {
      span.addLink(link);
    }
  }

  synchronized void event(EventData event) {
    if (ended) {
      return;
    }
    start();
    if (!span.isRecording()) {
      return;
    }
    if (events >= layer.maxEvents) {
      dropped++;
      return;
    }
    if (eventFields == null) {
      eventFields = FieldAttributes.collector();
    }
    FieldAttributes fields = eventFields.visitEvent(event.fields());
    String level = event.level().name();
    if (!fields.errors.isEmpty()) {
      // An event carrying an error is the OpenTelemetry exception event, with the event's context.
      AttributesBuilder attributes = fields.eventBuilder(LEVEL, level, TARGET, event.target());
      if (!event.message().isEmpty()) {
        attributes.put(MESSAGE, event.message());
      }
      addExceptionEvent(fields.errors.get(0), attributes, event.epochNanos());
      setImplicitError(Exceptions.describe(fields.errors.get(0)));
      return;
    }
    events++;
    String eventName = event.message().isEmpty() ? "event" : event.message();
    span.addEvent(
        eventName,
        fields.eventAttributes(LEVEL, level, TARGET, event.target()),
        event.epochNanos(),
        TimeUnit.NANOSECONDS);
    if (event.level() == Level.ERROR) {
      setImplicitError(event.message());
    }
  }

  synchronized void end() {
    if (ended) {
      return;
    }
    start();
    ended = true;
    long busy = local.busyNanos();
    long idle = local.idleNanos();
    if (layer.timingAttributes && span.isRecording()) {
      span.setAttribute(BUSY, busy);
      span.setAttribute(IDLE, idle);
    }
    span.end(local.startEpochNanos() + busy + idle, TimeUnit.NANOSECONDS);
    attributes = null; // keep only what links and children need: the context
    eventFields = null;
  }

  synchronized long droppedCount() {
    return dropped;
  }

  // ---- under the lock

  /**
   * Sets one field's attribute, called back by {@link FieldAttributes} under this state's lock. A key
   * seen before replaces its value; a new key past the cap is dropped and counted.
   */
  void putAttribute(AttributeKey<?> key, Object value) {
    if (span != null && !span.isRecording()) {
      return;
    }
    String name = key.getKey();
    int at = indexOf(name);
    if (at < 0) {
      if (keyCount >= layer.maxAttributes) {
        dropped++;
        return;
      }
      if (2 * keyCount == attributes.length) {
        attributes = Arrays.copyOf(attributes, Math.max(8, attributes.length * 2));
      }
      at = keyCount++;
    }
    if (span == null) {
      attributes[2 * at] = key;
      attributes[2 * at + 1] = value;
    } else {
      attributes[2 * at] = key;
      setOn(span, key, value);
    }
  }

  private int indexOf(String name) {
    for (int i = 0; i < keyCount; i++) {
      if (((AttributeKey<?>) attributes[2 * i]).getKey().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @SuppressWarnings("unchecked")
  private static void setOn(SpanBuilder builder, Object key, Object value) {
    builder.setAttribute((AttributeKey<Object>) key, value);
  }

  @SuppressWarnings("unchecked")
  private static void setOn(io.opentelemetry.api.trace.Span span, Object key, Object value) {
    span.setAttribute((AttributeKey<Object>) key, value);
  }

  private void applySpecial(FieldAttributes fields) {
    if (!fields.hasSpecialFields()) {
      return;
    }
    if (fields.otelName != null) {
      name = fields.otelName;
      if (span != null) {
        span.updateName(name);
      }
    }
    if (fields.otelKind != null) {
      SpanKind parsed = layer.parseKind(fields.otelKind);
      if (span == null) {
        kind = parsed;
      } else if (parsed != kind) {
        layer.warnOnce(
            "kind-after-start",
            "otel.kind '" + fields.otelKind + "' recorded on span '" + name
                + "' after its OpenTelemetry span started; the kind cannot change any more");
      }
    }
    if (fields.otelStatusCode != null || fields.otelStatusDescription != null) {
      StatusCode code = layer.parseStatus(fields.otelStatusCode);
      String description = fields.otelStatusDescription;
      if (code == null && description != null) {
        code = StatusCode.ERROR; // a description alone only makes sense for an error
      }
      if (code != null) {
        statusExplicit = true;
        setStatus(code, code == StatusCode.ERROR ? description : null);
      }
    }
  }

  private void recordErrorLocked(Throwable error) {
    if (span == null) {
      if (pendingErrors == null) {
        pendingErrors = new ArrayList<>(1);
      }
      pendingErrors.add(error);
    } else {
      addExceptionEvent(error, Attributes.builder());
    }
    setImplicitError(Exceptions.describe(error));
  }

  private void addExceptionEvent(Throwable error, AttributesBuilder attributes) {
    addExceptionEvent(error, attributes, -1);
  }

  private void addExceptionEvent(Throwable error, AttributesBuilder attributes, long epochNanos) {
    if (!span.isRecording()) {
      return;
    }
    if (events >= layer.maxEvents) {
      dropped++;
      return;
    }
    events++;
    Attributes all = Exceptions.put(error, attributes).build();
    if (epochNanos < 0) {
      span.addEvent(Exceptions.EVENT_NAME, all);
    } else {
      span.addEvent(Exceptions.EVENT_NAME, all, epochNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void setImplicitError(String description) {
    if (!statusExplicit) {
      setStatus(StatusCode.ERROR, description);
    }
  }

  private void setStatus(StatusCode code, String description) {
    if (span == null) {
      pendingStatus = code;
      pendingDescription = description;
    } else {
      span.setStatus(code, description == null ? "" : description);
    }
  }
}
