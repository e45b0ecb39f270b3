package io.tracebridge.instrument;

import io.tracebridge.FieldBuilder;
import io.tracebridge.Level;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method to run in a span when called through {@link Instrumented#proxy}: Rust's
 * {@code #[instrument]}.
 *
 * <p>The span is named after the method (or {@link #name()}), its target is the interface's name
 * (or {@link #target()}), and every argument not {@link #skip() skipped} becomes a field named
 * after the parameter. Parameter names need the interface compiled with {@code javac -parameters};
 * without it they are {@code arg0}, {@code arg1}, and so on. Argument values keep their types as
 * {@link FieldBuilder#field(String, Object)} describes.
 *
 * <p>A method returning a {@link java.util.concurrent.CompletionStage} keeps its span open until
 * the stage completes, and {@link #err()} and {@link #ret()} apply to the stage's outcome. When the
 * declared return type is {@code CompletionStage} or {@code CompletableFuture}, the caller receives
 * a stage that completes, with the same outcome, after the span has closed.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Instrument {
  /**
   * The span name; empty means the method name.
   *
   * @return the span name
   */
  String name() default "";

  /**
   * The target; empty means the interface's fully qualified name.
   *
   * @return the target
   */
  String target() default "";

  /**
   * The span's level.
   *
   * @return the level
   */
  Level level() default Level.INFO;

  /**
   * Parameter names not to record, e.g. passwords, streams and large buffers. Names that match no
   * parameter make {@link Instrumented#proxy} fail, naming them.
   *
   * @return the names to skip
   */
  String[] skip() default {};

  /**
   * Records no argument at all.
   *
   * @return {@code true} to skip every argument
   */
  boolean skipAll() default false;

  /**
   * On a thrown exception, emits one ERROR event carrying it inside the span, as Rust's {@code
   * #[instrument(err)]}: the OpenTelemetry layer makes it the span's one {@code exception} event
   * and sets its status to ERROR. The exception is rethrown unchanged either way.
   *
   * @return {@code true} to record errors
   */
  boolean err() default false;

  /**
   * Emits an event at the span's level with the return value in the field {@code return}.
   *
   * @return {@code true} to record the return value
   */
  boolean ret() default false;
}
