package io.tracebridge;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.tracebridge.benchmarks.BenchOtel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Not a peer and not our code: a measuring device for issue 22. It runs the three enabled shapes
 * through the leanest second span model that still does what a local span must do at all (its own
 * object with a parent, a per-thread stack of current local spans, the OpenTelemetry context made
 * current for plain OTel code, level and target on each event), with none of tracebridge's
 * features: no layers, filters, fields, timing, locks or cross-thread rules. Its ratio to raw OTel
 * is the floor any design with a local span model can reach on this machine and SDK; see
 * docs/performance.md.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SecondModelFloorBenchmark {
  private static final String TARGET_NAME = SecondModelFloorBenchmark.class.getName();
  private static final Attributes INFO_EVENT =
      Attributes.of(EnabledSpanBenchmark.LEVEL, "INFO", EnabledSpanBenchmark.TARGET, TARGET_NAME);

  /** The leanest local span: one object, linked to its parent and to the thread's stack. */
  static final class LocalSpan implements AutoCloseable {
    private static final ThreadLocal<LocalSpan[]> CURRENT =
        ThreadLocal.withInitial(() -> new LocalSpan[1]);

    final LocalSpan parent;
    final Span otel;
    final Context context;
    private final LocalSpan[] stack;
    private final Scope scope;

    private LocalSpan(LocalSpan[] stack, LocalSpan parent, Span otel, Context context) {
      this.stack = stack;
      this.parent = parent;
      this.otel = otel;
      this.context = context;
      this.scope = context.makeCurrent();
    }

    /** Starts the span {@code builder} describes as a child of the current local span, entered. */
    static LocalSpan entered(SpanBuilder builder) {
      LocalSpan[] stack = CURRENT.get();
      LocalSpan parent = stack[0];
      Context parentContext = parent == null ? Context.root() : parent.context;
      Span otel = builder.setParent(parentContext).startSpan();
      LocalSpan span = new LocalSpan(stack, parent, otel, parentContext.with(otel));
      stack[0] = span;
      return span;
    }

    static void event(String name, Attributes attributes) {
      LocalSpan current = CURRENT.get()[0];
      if (current != null) {
        current.otel.addEvent(name, attributes);
      }
    }

    @Override
    public void close() {
      scope.close();
      stack[0] = parent;
      otel.end();
    }
  }

  long userId = 42;
  boolean premium = true;
  String currency = "EUR";

  @Setup
  public void setUp() {
    BenchOtel.install();
  }

  @Benchmark
  public Object floorSpanWithFieldsAndEvent() {
    try (LocalSpan span =
        LocalSpan.entered(
            BenchOtel.OTEL_TRACER
                .spanBuilder("checkout")
                .setAttribute(EnabledSpanBenchmark.USER, userId)
                .setAttribute(EnabledSpanBenchmark.PREMIUM, premium)
                .setAttribute(EnabledSpanBenchmark.CURRENCY, currency))) {
      LocalSpan.event(
          "priced",
          Attributes.of(
              EnabledSpanBenchmark.LEVEL,
              "INFO",
              EnabledSpanBenchmark.TARGET,
              TARGET_NAME,
              EnabledSpanBenchmark.STEP,
              "priced"));
      return span;
    }
  }

  @Benchmark
  public void floorParentWith99Children(Blackhole bh) {
    try (LocalSpan parent = LocalSpan.entered(BenchOtel.OTEL_TRACER.spanBuilder("parent"))) {
      for (int i = 0; i < NestedBenchmark.CHILDREN; i++) {
        try (LocalSpan child = LocalSpan.entered(BenchOtel.OTEL_TRACER.spanBuilder("child"))) {
          bh.consume(child);
        }
      }
      bh.consume(parent);
    }
  }

  @Benchmark
  public void floorSpanWith100Events(Blackhole bh) {
    try (LocalSpan span = LocalSpan.entered(BenchOtel.OTEL_TRACER.spanBuilder("span"))) {
      for (int i = 0; i < NestedBenchmark.EVENTS; i++) {
        LocalSpan.event("event", INFO_EVENT);
      }
      bh.consume(span);
    }
  }
}
