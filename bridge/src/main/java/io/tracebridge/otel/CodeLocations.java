package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.semconv.CodeAttributes;
import io.tracebridge.Tracer;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.security.CodeSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The source location of each span callsite, found once with a {@link StackWalker} and then cached:
 * a callsite is a (target, span name) pair. Bounded: past {@link #MAX_CALLSITES} distinct
 * callsites, new ones are not cached; their spans still get code attributes, at the cost of a stack
 * walk per span, and the first such callsite is reported to the layer.
 */
final class CodeLocations {
  static final int MAX_CALLSITES = 10_000;
  private static final AttributeKey<String> FUNCTION = CodeAttributes.CODE_FUNCTION_NAME;
  private static final AttributeKey<String> FILE = CodeAttributes.CODE_FILE_PATH;
  private static final AttributeKey<Long> LINE = CodeAttributes.CODE_LINE_NUMBER;
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final URL CORE = locationOf(Tracer.class);
  private static final URL BRIDGE = locationOf(CodeLocations.class);

  // target -> span name -> attributes: a look-up allocates nothing (no combined key per span).
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Attributes>> byCallsite =
      new ConcurrentHashMap<>();
  private final AtomicInteger callsites = new AtomicInteger();

  /** How many stack walks ran; tests check that it is once per callsite. */
  final AtomicLong walks = new AtomicLong();

  private final BiConsumer<String, String> whenFull;

  /**
   * @param whenFull told the target and span name of each callsite met past the cap
   */
  CodeLocations(BiConsumer<String, String> whenFull) {
    this.whenFull = whenFull;
  }

  /** Returns the code attributes for a span created right now on this thread. */
  Attributes lookup(String target, String name) {
    ConcurrentHashMap<String, Attributes> byName = byCallsite.get(target);
    Attributes cached = byName == null ? null : byName.get(name);
    if (cached != null) {
      return cached;
    }
    walks.incrementAndGet();
    Attributes found = walk();
    if (callsites.get() < MAX_CALLSITES) {
      if (byName == null) {
        byName = byCallsite.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
      }
      if (byName.putIfAbsent(name, found) == null) {
        callsites.incrementAndGet();
      }
    } else {
      whenFull.accept(target, name);
    }
    return found;
  }

  /**
   * Finds the first frame outside tracebridge and the JDK. A dynamic proxy's frame met before it is
   * an {@code Instrumented} proxy making the span of the method it instruments: then the location
   * is that interface method (its name only: the proxy has no source line), not the caller of the
   * proxy.
   */
  private static Attributes walk() {
    Optional<StackWalker.StackFrame> frame =
        WALKER.walk(
            frames ->
                frames
                    .filter(
                        f ->
                            Proxy.isProxyClass(f.getDeclaringClass())
                                || !isInternal(f.getDeclaringClass()))
                    .findFirst());
    if (frame.isEmpty()) {
      return Attributes.empty();
    }
    StackWalker.StackFrame f = frame.get();
    Class<?> declaring = f.getDeclaringClass();
    if (Proxy.isProxyClass(declaring)) {
      Class<?>[] interfaces = declaring.getInterfaces();
      String owner = interfaces.length == 1 ? interfaces[0].getName() : declaring.getName();
      return Attributes.of(FUNCTION, owner + "." + f.getMethodName());
    }
    var attributes = Attributes.builder().put(FUNCTION, f.getClassName() + "." + f.getMethodName());
    if (f.getFileName() != null) {
      attributes.put(FILE, f.getFileName());
    }
    if (f.getLineNumber() > 0) {
      attributes.put(LINE, (long) f.getLineNumber());
    }
    return attributes.build();
  }

  /**
   * Frames of tracebridge itself (classes loaded from the core or bridge jar or classes directory),
   * of the JDK (reflection, dynamic proxies, executors) are not callsites. Deciding by code source,
   * not by package, keeps user code that shares a package name with the library visible.
   */
  static boolean isInternal(Class<?> type) {
    if (Proxy.isProxyClass(type)) {
      return true;
    }
    String name = type.getName();
    if (name.startsWith("java.")
        || name.startsWith("jdk.")
        || name.startsWith("sun.")
        || name.startsWith("com.sun.")) {
      return true;
    }
    URL location = locationOf(type);
    return location != null && (location.equals(CORE) || location.equals(BRIDGE));
  }

  private static URL locationOf(Class<?> type) {
    try {
      CodeSource source = type.getProtectionDomain().getCodeSource();
      return source == null ? null : source.getLocation();
    } catch (SecurityException e) {
      return null;
    }
  }
}
