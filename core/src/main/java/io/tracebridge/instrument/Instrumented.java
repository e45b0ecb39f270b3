package io.tracebridge.instrument;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Level;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.SpanBuilder;
import io.tracebridge.Tracer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Applies {@link Instrument} annotations to a service through a {@link Proxy}:
 *
 * <pre>{@code
 * interface Inventory {
 *   @Instrument(skip = "token", err = true)
 *   int reserve(String sku, int quantity, String token) throws OutOfStock;
 * }
 * Inventory traced = Instrumented.proxy(Inventory.class, new InventoryImpl());
 * }</pre>
 *
 * <p>Methods without the annotation, and {@code Object}'s methods, are forwarded untouched.
 * Annotations are read once, when the proxy is made; a call costs a map lookup, and nothing more
 * than a level check when the span's level is disabled. Exceptions reach the caller exactly as the
 * target threw them.
 */
public final class Instrumented {
  private Instrumented() {}

  /**
   * Returns a proxy of {@code type} that runs its {@link Instrument}-annotated methods in spans and
   * forwards every call to {@code target}.
   *
   * @param type the interface
   * @param target the implementation
   * @param <T> the interface type
   * @return the proxy
   * @throws IllegalArgumentException if {@code type} is not an interface, or an annotation names a
   *     parameter to skip that does not exist
   */
  public static <T> T proxy(Class<T> type, T target) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (!type.isInterface()) {
      throw new IllegalArgumentException(
          "Instrumented.proxy needs an interface, but " + type.getName() + " is a class");
    }
    Map<Method, Plan> plans = new HashMap<>();
    for (Method method : type.getMethods()) {
      Instrument annotation = method.getAnnotation(Instrument.class);
      if (annotation != null) {
        plans.put(method, new Plan(type, method, annotation));
      }
    }
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, new Handler(target, Map.copyOf(plans)));
    return type.cast(proxy);
  }

  /** What an annotated method records, worked out once. */
  private static final class Plan {
    final Tracer tracer;
    final Level level;
    final String name;
    final String[] fieldNames;
    final boolean err;
    final boolean ret;
    final boolean async;

    Plan(Class<?> type, Method method, Instrument annotation) {
      this.tracer =
          annotation.target().isEmpty() ? Tracer.forClass(type) : Tracer.named(annotation.target());
      this.level = annotation.level();
      this.name = annotation.name().isEmpty() ? method.getName() : annotation.name();
      this.err = annotation.err();
      this.ret = annotation.ret();
      this.async = CompletionStage.class.isAssignableFrom(method.getReturnType());
      Parameter[] parameters = method.getParameters();
      Set<String> skip = new HashSet<>(Arrays.asList(annotation.skip()));
      this.fieldNames = new String[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        String parameter = parameters[i].getName();
        boolean skipped = annotation.skipAll() || skip.remove(parameter);
        fieldNames[i] = skipped ? null : parameter;
      }
      if (!skip.isEmpty()) {
        throw new IllegalArgumentException(
            "@Instrument on "
                + type.getName()
                + "."
                + method.getName()
                + " skips "
                + skip
                + ", which name no parameter; parameters are "
                + List.of(parameters).stream().map(Parameter::getName).toList()
                + (parameters.length > 0 && !parameters[0].isNamePresent()
                    ? " (compile with javac -parameters to get real names)"
                    : ""));
      }
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Map<Method, Plan> plans;

    Handler(Object target, Map<Method, Plan> plans) {
      this.target = target;
      this.plans = plans;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      Plan plan = plans.get(method);
      if (plan == null || !plan.tracer.isEnabled(plan.level)) {
        return forward(method, args);
      }
      SpanBuilder builder = plan.tracer.span(plan.level, plan.name);
      if (args != null) {
        for (int i = 0; i < args.length; i++) {
          if (plan.fieldNames[i] != null) {
            builder.field(plan.fieldNames[i], args[i]);
          }
        }
      }
      Span span = builder.start();
      boolean closeNow = true;
      try (Scope ignored = span.enter()) {
        Object result = forward(method, args);
        if (plan.async && result instanceof CompletionStage) {
          closeNow = false;
          CompletionStage<?> completed =
              ((CompletionStage<?>) result)
                  .whenComplete((value, error) -> finish(plan, span, value, unwrap(error)));
          // Hand back the stage that completes after the span closed, when the declared type
          // allows.
          return method.getReturnType().isInstance(completed) ? completed : result;
        } else if (plan.ret) {
          plan.tracer.at(plan.level).field("return", result).log();
        }
        return result;
      } catch (Throwable t) {
        if (plan.err) {
          recordError(plan, span, t);
        }
        throw t;
      } finally {
        if (closeNow) {
          span.close();
        }
      }
    }

    private Object forward(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private static Throwable unwrap(Throwable error) {
      return error instanceof CompletionException && error.getCause() != null
          ? error.getCause()
          : error;
    }

    private static void finish(Plan plan, Span span, Object value, Throwable error) {
      // Runs on whichever thread completed the stage: carry the span's whole context there.
      try (Scope ignored = ContextSnapshot.of(span).attach()) {
        if (error != null && plan.err) {
          recordError(plan, span, error);
        } else if (error == null && plan.ret) {
          plan.tracer.at(plan.level).field("return", value).log();
        }
      } finally {
        span.close();
      }
    }

    /**
     * Records a failure once, as Rust's {@code #[instrument(err)]}: an ERROR event carrying the
     * error, in the span (which the OpenTelemetry layer turns into the span's one {@code exception}
     * event and its ERROR status).
     */
    private static void recordError(Plan plan, Span span, Throwable error) {
      plan.tracer.atError().parent(span).error(error).log();
    }
  }
}
