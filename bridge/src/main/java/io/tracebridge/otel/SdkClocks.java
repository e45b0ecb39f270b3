package io.tracebridge.otel;

import io.opentelemetry.api.trace.Span;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
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
 * parent. The SDK has no API for its clock, so it is read here by reflection (fields {@code
 * SdkSpan.clock}, {@code AnchoredClock.epochNanos} and {@code AnchoredClock.nanoTime}, checked
 * against SDK 1.63 and 1.68); if that fails, one WARNING says so and spans keep tracebridge's
 * clock.
 */
final class SdkClocks {
  /** What {@link #epochNanosAt} returns for a span whose clock cannot be read. */
  static final long UNKNOWN = Long.MIN_VALUE;

  private static final Logger LOG = Logger.getLogger(SdkClocks.class.getName());
  private static final String SDK_SPAN = "io.opentelemetry.sdk.trace.SdkSpan";
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static volatile Readers readers;

  // The SDK span class this class loader sees, with handles on its clock, resolved once: the fast
  // path, which the JIT turns into three field loads. An SdkSpan of another class loader (the Java
  // agent's, a second SDK) takes the reflective path below.
  private static final Class<?> SDK_SPAN_CLASS;
  private static final VarHandle CLOCK;
  private static final VarHandle CLOCK_EPOCH_NANOS;
  private static final VarHandle CLOCK_NANO_TIME;

  static {
    Class<?> type = null;
    VarHandle clock = null;
    VarHandle epochNanos = null;
    VarHandle nanoTime = null;
    try {
      type = Class.forName(SDK_SPAN, false, SdkClocks.class.getClassLoader());
      MethodHandles.Lookup inSpan = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      Class<?> anchored = type.getDeclaredField("clock").getType();
      clock = inSpan.findVarHandle(type, "clock", anchored);
      MethodHandles.Lookup inClock =
          MethodHandles.privateLookupIn(anchored, MethodHandles.lookup());
      epochNanos = inClock.findVarHandle(anchored, "epochNanos", long.class);
      nanoTime = inClock.findVarHandle(anchored, "nanoTime", long.class);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No SDK here, or one laid out differently: every span takes the reflective path, which
      // warns once if an SDK span's clock cannot be read.
      clock = null;
    }
    SDK_SPAN_CLASS = clock == null ? null : type;
    CLOCK = clock;
    CLOCK_EPOCH_NANOS = epochNanos;
    CLOCK_NANO_TIME = nanoTime;
  }

  private SdkClocks() {}

  /**
   * Returns the epoch nanoseconds {@code span}'s clock reads at {@code nanoTime}, or {@link
   * #UNKNOWN} if it is not an SDK span or its clock cannot be read.
   */
  static long epochNanosAt(Span span, long nanoTime) {
    if (span.getClass() == SDK_SPAN_CLASS) {
      Object clock = CLOCK.get(span);
      return (long) CLOCK_EPOCH_NANOS.get(clock) + (nanoTime - (long) CLOCK_NANO_TIME.get(clock));
    }
    Readers r = readersFor(span.getClass());
    if (r == null || r.clock == null) {
      return UNKNOWN;
    }
    try {
      Object clock = r.clock.get(span);
      return r.epochNanos.getLong(clock) + (nanoTime - r.nanoTime.getLong(clock));
    } catch (ReflectiveOperationException | RuntimeException e) {
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

  /** The reflective accessors for one {@code SdkSpan} class; {@code clock} is null if unusable. */
  private static final class Readers {
    final Class<?> sdkSpan;
    final Field clock;
    final Field epochNanos;
    final Field nanoTime;
    final Method hasEnded;

    private Readers(
        Class<?> sdkSpan, Field clock, Field epochNanos, Field nanoTime, Method hasEnded) {
      this.sdkSpan = sdkSpan;
      this.clock = clock;
      this.epochNanos = epochNanos;
      this.nanoTime = nanoTime;
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
        Field clock = sdkSpan.getDeclaredField("clock");
        clock.setAccessible(true);
        Class<?> anchored = clock.getType();
        Field epochNanos = anchored.getDeclaredField("epochNanos");
        Field nanoTime = anchored.getDeclaredField("nanoTime");
        epochNanos.setAccessible(true);
        nanoTime.setAccessible(true);
        return new Readers(sdkSpan, clock, epochNanos, nanoTime, hasEnded);
      } catch (ReflectiveOperationException | RuntimeException e) {
        warnOnce(e);
        return new Readers(sdkSpan, null, null, null, hasEnded);
      }
    }
  }
}
