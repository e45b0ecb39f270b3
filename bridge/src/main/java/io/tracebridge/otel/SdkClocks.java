package io.tracebridge.otel;

import io.opentelemetry.api.trace.Span;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Reads the clock of an OpenTelemetry SDK span, so the bridge can put local spans on the same clock
 * as the SDK spans they nest with.
 *
 * <p>The SDK gives each span the {@code AnchoredClock} of its parent if that is an SDK span in this
 * process, else a new one: a wall-clock reading paired with a {@code System.nanoTime()} reading,
 * the same design as tracebridge's own anchors but a different pair. Within one trace the two
 * clocks differ by a constant, up to microseconds, which is enough to put a child before its
 * parent. The SDK has no API for its clock, so it is read here through private look-ups ({@code
 * VarHandle}s on the fields {@code SdkSpan.clock}, {@code AnchoredClock.epochNanos} and {@code
 * AnchoredClock.nanoTime}, checked against SDK 1.63 and 1.68); if that fails, one WARNING says so
 * and spans keep tracebridge's clock.
 */
final class SdkClocks {
  /** What {@link #epochNanosAt} returns for a span whose clock cannot be read. */
  static final long UNKNOWN = Long.MIN_VALUE;

  private static final Logger LOG = Logger.getLogger(SdkClocks.class.getName());
  private static final String SDK_SPAN = "io.opentelemetry.sdk.trace.SdkSpan";
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static volatile Readers readers;

  // The SDK span class this class loader sees, and the handles on its clock, resolved once: the
  // fast path, which the JIT turns into three field loads (a record's final fields are trusted as
  // constants). An SdkSpan of another class loader (the Java agent's, a second SDK) gets its own
  // handles through readersFor.
  private static final Class<?> SDK_SPAN_CLASS;
  private static final ClockHandles SDK_CLOCK;

  static {
    Class<?> type;
    ClockHandles clock;
    try {
      type = Class.forName(SDK_SPAN, false, SdkClocks.class.getClassLoader());
      clock = ClockHandles.of(type);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No SDK here, or one laid out differently: readersFor tries again for the SDK spans that
      // show up, and warns once if their clock cannot be read.
      type = null;
      clock = null;
    }
    SDK_SPAN_CLASS = clock == null ? null : type;
    SDK_CLOCK = clock;
  }

  private SdkClocks() {}

  /**
   * Returns the epoch nanoseconds {@code span}'s clock reads at {@code nanoTime}, or {@link
   * #UNKNOWN} if it is not an SDK span or its clock cannot be read.
   */
  static long epochNanosAt(Span span, long nanoTime) {
    if (span.getClass() == SDK_SPAN_CLASS) {
      return SDK_CLOCK.epochNanosAt(span, nanoTime);
    }
    Readers r = readersFor(span.getClass());
    if (r == null || r.clock == null) {
      return UNKNOWN;
    }
    try {
      return r.clock.epochNanosAt(span, nanoTime);
    } catch (RuntimeException e) {
      warnOnce(e);
      return UNKNOWN;
    }
  }

  /**
   * Returns whether {@code span} is an SDK span that has ended; {@code false} for any other span,
   * or if that cannot be read. Reflective, like the clock, so the layer needs no SDK on the class
   * path.
   */
  static boolean hasEnded(Span span) {
    Readers r = readersFor(span.getClass());
    if (r == null || r.hasEnded == null) {
      return false;
    }
    try {
      return (Boolean) r.hasEnded.invoke(span);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Returns the readers for an {@code SdkSpan} class, or {@code null} for any other class. */
  private static Readers readersFor(Class<?> type) {
    Readers r = readers;
    if (r == null || r.sdkSpan != type) {
      if (!type.getName().equals(SDK_SPAN)) {
        return null;
      }
      r = Readers.of(type);
      readers = r;
    }
    return r;
  }

  private static void warnOnce(Exception e) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warning(
          "cannot read the OpenTelemetry SDK's span clock ("
              + e
              + "); spans that nest with plain OpenTelemetry spans keep tracebridge's clock, so a"
              + " child may show up to a few microseconds before its parent");
    }
  }

  /**
   * Handles on one {@code SdkSpan} class's clock: its {@code clock} field and the {@code
   * AnchoredClock}'s {@code epochNanos} and {@code nanoTime}.
   */
  private record ClockHandles(VarHandle clock, VarHandle epochNanos, VarHandle nanoTime) {
    static ClockHandles of(Class<?> sdkSpan) throws ReflectiveOperationException {
      MethodHandles.Lookup inSpan = MethodHandles.privateLookupIn(sdkSpan, MethodHandles.lookup());
      Class<?> anchored = sdkSpan.getDeclaredField("clock").getType();
      MethodHandles.Lookup inClock =
          MethodHandles.privateLookupIn(anchored, MethodHandles.lookup());
      return new ClockHandles(
          inSpan.findVarHandle(sdkSpan, "clock", anchored),
          inClock.findVarHandle(anchored, "epochNanos", long.class),
          inClock.findVarHandle(anchored, "nanoTime", long.class));
    }

    long epochNanosAt(Object span, long nanoTime) {
      Object anchored = clock.get(span);
      return (long) epochNanos.get(anchored) + (nanoTime - (long) this.nanoTime.get(anchored));
    }
  }

  /** The accessors for one {@code SdkSpan} class; {@code clock} is null if unusable. */
  private static final class Readers {
    final Class<?> sdkSpan;
    final ClockHandles clock;
    final Method hasEnded;

    private Readers(Class<?> sdkSpan, ClockHandles clock, Method hasEnded) {
      this.sdkSpan = sdkSpan;
      this.clock = clock;
      this.hasEnded = hasEnded;
    }

    static Readers of(Class<?> sdkSpan) {
      Method hasEnded;
      try {
        hasEnded = sdkSpan.getMethod("hasEnded"); // public, from the SDK's ReadableSpan
        hasEnded.setAccessible(true); // declared public, but by a package-private class
      } catch (ReflectiveOperationException | RuntimeException e) {
        hasEnded = null;
      }
      try {
        return new Readers(sdkSpan, ClockHandles.of(sdkSpan), hasEnded);
      } catch (ReflectiveOperationException | RuntimeException e) {
        warnOnce(e);
        return new Readers(sdkSpan, null, hasEnded);
      }
    }
  }
}
