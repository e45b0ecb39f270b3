package io.tracebridge.context;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Span;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link CompletableFuture} whose every dependent stage runs with one span entered, on whichever
 * thread runs it: Rust's {@code future.instrument(span)} for a {@code CompletableFuture} chain.
 *
 * <pre>{@code
 * Span span = TRACER.infoSpan("checkout").start();
 * TracedFuture.supplyAsync(span, () -> loadCart(id), pool)
 *     .thenApply(cart -> price(cart))          // runs in "checkout", on a pool thread
 *     .thenAccept(total -> TRACER.atInfo().field("total", total).log("priced"))
 *     .closeSpanWhenComplete();
 * }</pre>
 *
 * <p>Stages derived from a traced future are traced futures with the same context, so the whole
 * chain stays in the span. The span's busy time counts only while a stage runs; in between it is
 * idle. The context is the one given at creation, not the one current when a stage is added.
 *
 * @param <T> the result type
 */
public final class TracedFuture<T> extends CompletableFuture<T> {
  private final ContextSnapshot context;

  private TracedFuture(ContextSnapshot context) {
    this.context = context;
  }

  /**
   * Returns an incomplete future whose stages run in {@code span}.
   *
   * @param span the span; {@link Span#none()} means the current span
   * @param <T> the result type
   * @return the future
   */
  public static <T> TracedFuture<T> create(Span span) {
    return new TracedFuture<>(ContextSnapshot.of(span));
  }

  /**
   * Runs {@code supplier} asynchronously in {@code span} on {@code executor}.
   *
   * @param span the span
   * @param supplier the work
   * @param executor where to run it
   * @param <T> the result type
   * @return a traced future of the result
   */
  public static <T> TracedFuture<T> supplyAsync(
      Span span, Supplier<T> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(executor, "executor");
    TracedFuture<T> future = create(span);
    executor.execute(
        future.context.wrap(
            () -> {
              try {
                future.complete(supplier.get());
              } catch (Throwable t) {
                future.completeExceptionally(t);
              }
            }));
    return future;
  }

  /**
   * Runs {@code supplier} asynchronously in {@code span} on the common pool.
   *
   * @param span the span
   * @param supplier the work
   * @param <T> the result type
   * @return a traced future of the result
   */
  public static <T> TracedFuture<T> supplyAsync(Span span, Supplier<T> supplier) {
    return supplyAsync(span, supplier, ForkJoinPool.commonPool());
  }

  /**
   * Runs {@code action} asynchronously in {@code span} on {@code executor}.
   *
   * @param span the span
   * @param action the work
   * @param executor where to run it
   * @return a traced future that completes when the action does
   */
  public static TracedFuture<Void> runAsync(Span span, Runnable action, Executor executor) {
    Objects.requireNonNull(action, "action");
    return supplyAsync(
        span,
        () -> {
          action.run();
          return null;
        },
        executor);
  }

  /**
   * Returns a traced future that completes like {@code stage}, whose further stages run in {@code
   * span}.
   *
   * @param span the span
   * @param stage the stage to follow
   * @param <T> the result type
   * @return the traced future
   */
  public static <T> TracedFuture<T> of(Span span, CompletionStage<T> stage) {
    TracedFuture<T> future = create(span);
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            future.completeExceptionally(error);
          } else {
            future.complete(value);
          }
        });
    return future;
  }

  /**
   * Returns the span the stages run in.
   *
   * @return the span
   */
  public Span span() {
    return context.span();
  }

  /**
   * Closes the span when this future completes, recording the error if it completes exceptionally.
   *
   * @return this future
   */
  public TracedFuture<T> closeSpanWhenComplete() {
    Span span = context.span();
    super.whenComplete(
        (value, error) -> {
          if (error != null) {
            span.recordError(unwrap(error));
          }
          span.close();
        });
    return this;
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /**
   * Returns a stage that cannot be completed or waited on, whose dependent stages still run in this
   * future's span (the JDK's version would lose it).
   *
   * @return the minimal stage
   */
  @Override
  public CompletionStage<T> minimalCompletionStage() {
    return new MinimalTracedStage<>(copy());
  }

  @Override
  public TracedFuture<T> copy() {
    return traced(super.copy());
  }

  @Override
  public <U> TracedFuture<U> newIncompleteFuture() {
    return new TracedFuture<>(context);
  }

  @Override
  public <U> TracedFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return traced(super.thenApply(context.wrapFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return traced(super.thenApplyAsync(context.wrapFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    return traced(super.thenApplyAsync(context.wrapFunction(fn), executor));
  }

  @Override
  public TracedFuture<Void> thenAccept(Consumer<? super T> action) {
    return traced(super.thenAccept(context.wrapConsumer(action)));
  }

  @Override
  public TracedFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    return traced(super.thenAcceptAsync(context.wrapConsumer(action)));
  }

  @Override
  public TracedFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    return traced(super.thenAcceptAsync(context.wrapConsumer(action), executor));
  }

  @Override
  public TracedFuture<Void> thenRun(Runnable action) {
    return traced(super.thenRun(context.wrap(action)));
  }

  @Override
  public TracedFuture<Void> thenRunAsync(Runnable action) {
    return traced(super.thenRunAsync(context.wrap(action)));
  }

  @Override
  public TracedFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    return traced(super.thenRunAsync(context.wrap(action), executor));
  }

  @Override
  public <U, V> TracedFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return traced(super.thenCombine(other, context.wrapBiFunction(fn)));
  }

  @Override
  public <U, V> TracedFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return traced(super.thenCombineAsync(other, context.wrapBiFunction(fn)));
  }

  @Override
  public <U, V> TracedFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return traced(super.thenCombineAsync(other, context.wrapBiFunction(fn), executor));
  }

  @Override
  public <U> TracedFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return traced(super.thenAcceptBoth(other, context.wrapBiConsumer(action)));
  }

  @Override
  public <U> TracedFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return traced(super.thenAcceptBothAsync(other, context.wrapBiConsumer(action)));
  }

  @Override
  public <U> TracedFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return traced(super.thenAcceptBothAsync(other, context.wrapBiConsumer(action), executor));
  }

  @Override
  public TracedFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return traced(super.runAfterBoth(other, context.wrap(action)));
  }

  @Override
  public TracedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return traced(super.runAfterBothAsync(other, context.wrap(action)));
  }

  @Override
  public TracedFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return traced(super.runAfterBothAsync(other, context.wrap(action), executor));
  }

  @Override
  public <U> TracedFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return traced(super.applyToEither(other, context.wrapFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return traced(super.applyToEitherAsync(other, context.wrapFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return traced(super.applyToEitherAsync(other, context.wrapFunction(fn), executor));
  }

  @Override
  public TracedFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return traced(super.acceptEither(other, context.wrapConsumer(action)));
  }

  @Override
  public TracedFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return traced(super.acceptEitherAsync(other, context.wrapConsumer(action)));
  }

  @Override
  public TracedFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return traced(super.acceptEitherAsync(other, context.wrapConsumer(action), executor));
  }

  @Override
  public TracedFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return traced(super.runAfterEither(other, context.wrap(action)));
  }

  @Override
  public TracedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return traced(super.runAfterEitherAsync(other, context.wrap(action)));
  }

  @Override
  public TracedFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return traced(super.runAfterEitherAsync(other, context.wrap(action), executor));
  }

  @Override
  public <U> TracedFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return traced(super.thenCompose(context.wrapFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return traced(super.thenComposeAsync(context.wrapFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return traced(super.thenComposeAsync(context.wrapFunction(fn), executor));
  }

  @Override
  public TracedFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return traced(super.whenComplete(context.wrapBiConsumer(action)));
  }

  @Override
  public TracedFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    return traced(super.whenCompleteAsync(context.wrapBiConsumer(action)));
  }

  @Override
  public TracedFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return traced(super.whenCompleteAsync(context.wrapBiConsumer(action), executor));
  }

  @Override
  public <U> TracedFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return traced(super.handle(context.wrapBiFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return traced(super.handleAsync(context.wrapBiFunction(fn)));
  }

  @Override
  public <U> TracedFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return traced(super.handleAsync(context.wrapBiFunction(fn), executor));
  }

  @Override
  public TracedFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return traced(super.exceptionally(context.wrapFunction(fn)));
  }

  @Override
  public TracedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return traced(super.exceptionallyAsync(context.wrapFunction(fn)));
  }

  @Override
  public TracedFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    return traced(super.exceptionallyAsync(context.wrapFunction(fn), executor));
  }

  @Override
  public TracedFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return traced(super.exceptionallyCompose(context.wrapFunction(fn)));
  }

  @Override
  public TracedFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return traced(super.exceptionallyComposeAsync(context.wrapFunction(fn)));
  }

  @Override
  public TracedFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    return traced(super.exceptionallyComposeAsync(context.wrapFunction(fn), executor));
  }

  @Override
  public TracedFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    return traced(super.completeAsync(context.wrapSupplier(supplier), executor));
  }

  @Override
  public TracedFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return traced(super.completeAsync(context.wrapSupplier(supplier)));
  }

  @SuppressWarnings("unchecked")
  private static <U> TracedFuture<U> traced(CompletableFuture<U> stage) {
    return (TracedFuture<U>) stage;
  }
}
