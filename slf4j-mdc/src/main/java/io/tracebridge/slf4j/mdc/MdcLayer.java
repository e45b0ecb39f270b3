package io.tracebridge.slf4j.mdc;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.SpanContext;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * A layer that keeps SLF4J's MDC in step with the current span: while a span is entered on a
 * thread, the MDC holds {@value #TRACE_ID}, {@value #SPAN_ID} and {@value #TRACE_FLAGS} of its
 * OpenTelemetry span (the names OpenTelemetry's Logback MDC instrumentation uses), plus {@code
 * baggage.<key>} for each baggage key asked for. So a Logback or Log4j 2 pattern such as {@code
 * %X{trace_id}} prints the ids of the span the line was logged in.
 *
 * <p>The values follow the span wherever tracebridge's context rules carry it (executors, futures,
 * queues, virtual threads), because every such hop enters the span on the new thread. On exit the
 * MDC gets back exactly what it held before the enter, so a pool thread keeps no stale id. Spans
 * closed out of order are handled: the MDC always shows the innermost span still entered.
 *
 * <p>Install it behind the OpenTelemetry layer, whose span ids it reads:
 *
 * <pre>{@code
 * OtelSetup.builder().addLayer(MdcLayer.create()).install();
 * }</pre>
 *
 * A span no OpenTelemetry layer saw (and none of whose ancestors it saw) leaves the MDC as it is.
 */
public final class MdcLayer implements Subscriber {
  /** The MDC key of the trace id: 32 lowercase hex digits. */
  public static final String TRACE_ID = "trace_id";

  /** The MDC key of the span id: 16 lowercase hex digits. */
  public static final String SPAN_ID = "span_id";

  /** The MDC key of the trace flags: two hex digits, {@code 01} when sampled. */
  public static final String TRACE_FLAGS = "trace_flags";

  private final String[] keys;
  private final String[] baggageKeys;
  private final ThreadLocal<MdcStack> stacks;

  private MdcLayer(List<String> baggageKeys) {
    this.baggageKeys = baggageKeys.toArray(new String[0]);
    this.keys = new String[3 + this.baggageKeys.length];
    keys[0] = TRACE_ID;
    keys[1] = SPAN_ID;
    keys[2] = TRACE_FLAGS;
    for (int i = 0; i < this.baggageKeys.length; i++) {
      keys[3 + i] = "baggage." + this.baggageKeys[i];
    }
    int width = keys.length;
    this.stacks = ThreadLocal.withInitial(() -> new MdcStack(width));
  }

  /**
   * Returns a layer that puts the three ids in the MDC.
   *
   * @return the layer
   */
  public static MdcLayer create() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onEnter(SpanData span) {
    MdcStack stack = stacks.get();
    String[] saved = stack.push(span.id());
    MDCAdapter adapter = MDC.getMDCAdapter();
    for (int i = 0; i < keys.length; i++) {
      saved[i] = adapter.get(keys[i]);
    }
    SpanContext ids = OtelBridge.spanContext(span);
    if (!ids.isValid()) {
      return;
    }
    adapter.put(TRACE_ID, ids.getTraceId());
    adapter.put(SPAN_ID, ids.getSpanId());
    adapter.put(TRACE_FLAGS, ids.getTraceFlags().asHex());
    if (baggageKeys.length > 0) {
      Baggage baggage = Baggage.fromContext(OtelBridge.context(span));
      for (int i = 0; i < baggageKeys.length; i++) {
        put(adapter, keys[3 + i], baggage.getEntryValue(baggageKeys[i]));
      }
    }
  }

  @Override
  public void onExit(SpanData span) {
    String[] restore = stacks.get().pop(span.id());
    if (restore != null) {
      MDCAdapter adapter = MDC.getMDCAdapter();
      for (int i = 0; i < keys.length; i++) {
        put(adapter, keys[i], restore[i]);
      }
    }
  }

  private static void put(MDCAdapter adapter, String key, @Nullable String value) {
    if (value == null) {
      adapter.remove(key);
    } else {
      adapter.put(key, value);
    }
  }

  @Override
  public String toString() {
    return "MdcLayer" + List.of(keys);
  }

  /** Configures an {@link MdcLayer}. Not thread-safe. */
  public static final class Builder {
    private final List<String> baggageKeys = new ArrayList<>();

    private Builder() {}

    /**
     * Adds baggage entries to put in the MDC as {@code baggage.<key>} while a span whose context
     * carries them is current (none by default: baggage may hold what a log should not).
     *
     * @param keys baggage keys, compared exactly
     * @return this builder
     * @throws IllegalArgumentException if a key is empty
     */
    public Builder baggageKeys(String... keys) {
      for (String key : keys) {
        Objects.requireNonNull(key, "baggage key");
        if (key.isEmpty()) {
          throw new IllegalArgumentException("empty baggage key in MdcLayer.baggageKeys");
        }
        baggageKeys.add(key);
      }
      return this;
    }

    /**
     * Builds the layer.
     *
     * @return the layer
     */
    public MdcLayer build() {
      return new MdcLayer(List.copyOf(baggageKeys));
    }
  }
}
