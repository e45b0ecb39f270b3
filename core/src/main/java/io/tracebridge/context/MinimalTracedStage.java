package io.tracebridge.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What {@link TracedFuture#minimalCompletionStage()} returns: a {@link CompletionStage} and nothing
 * more (it cannot be completed, cast to a future, or waited on), whose dependent stages run in the
 * traced future's context, as the JDK's minimal stage does for a plain {@code CompletableFuture}.
 * Each method delegates to a private traced copy and wraps the derived stage the same way.
 *
 * @param <T> the result type
 */
final class MinimalTracedStage<T> implements CompletionStage<T> {
  private final TracedFuture<T> traced;

  MinimalTracedStage(TracedFuture<T> traced) {
    this.traced = traced;
  }

  private static <U> CompletionStage<U> minimal(CompletionStage<U> stage) {
    return new MinimalTracedStage<>((TracedFuture<U>) stage);
  }

  @Override
  public <U> CompletionStage<U> thenApply(Function<? super T, ? extends U> fn) {
    return minimal(traced.thenApply(fn));
  }

  @Override
  public <U> CompletionStage<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return minimal(traced.thenApplyAsync(fn));
  }

  @Override
  public <U> CompletionStage<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    return minimal(traced.thenApplyAsync(fn, executor));
  }

  @Override
  public CompletionStage<Void> thenAccept(Consumer<? super T> action) {
    return minimal(traced.thenAccept(action));
  }

  @Override
  public CompletionStage<Void> thenAcceptAsync(Consumer<? super T> action) {
    return minimal(traced.thenAcceptAsync(action));
  }

  @Override
  public CompletionStage<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    return minimal(traced.thenAcceptAsync(action, executor));
  }

  @Override
  public CompletionStage<Void> thenRun(Runnable action) {
    return minimal(traced.thenRun(action));
  }

  @Override
  public CompletionStage<Void> thenRunAsync(Runnable action) {
    return minimal(traced.thenRunAsync(action));
  }

  @Override
  public CompletionStage<Void> thenRunAsync(Runnable action, Executor executor) {
    return minimal(traced.thenRunAsync(action, executor));
  }

  @Override
  public <U, V> CompletionStage<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return minimal(traced.thenCombine(other, fn));
  }

  @Override
  public <U, V> CompletionStage<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return minimal(traced.thenCombineAsync(other, fn));
  }

  @Override
  public <U, V> CompletionStage<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return minimal(traced.thenCombineAsync(other, fn, executor));
  }

  @Override
  public <U> CompletionStage<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return minimal(traced.thenAcceptBoth(other, action));
  }

  @Override
  public <U> CompletionStage<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return minimal(traced.thenAcceptBothAsync(other, action));
  }

  @Override
  public <U> CompletionStage<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return minimal(traced.thenAcceptBothAsync(other, action, executor));
  }

  @Override
  public CompletionStage<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return minimal(traced.runAfterBoth(other, action));
  }

  @Override
  public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return minimal(traced.runAfterBothAsync(other, action));
  }

  @Override
  public CompletionStage<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return minimal(traced.runAfterBothAsync(other, action, executor));
  }

  @Override
  public <U> CompletionStage<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return minimal(traced.applyToEither(other, fn));
  }

  @Override
  public <U> CompletionStage<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return minimal(traced.applyToEitherAsync(other, fn));
  }

  @Override
  public <U> CompletionStage<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return minimal(traced.applyToEitherAsync(other, fn, executor));
  }

  @Override
  public CompletionStage<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return minimal(traced.acceptEither(other, action));
  }

  @Override
  public CompletionStage<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return minimal(traced.acceptEitherAsync(other, action));
  }

  @Override
  public CompletionStage<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return minimal(traced.acceptEitherAsync(other, action, executor));
  }

  @Override
  public CompletionStage<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return minimal(traced.runAfterEither(other, action));
  }

  @Override
  public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return minimal(traced.runAfterEitherAsync(other, action));
  }

  @Override
  public CompletionStage<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return minimal(traced.runAfterEitherAsync(other, action, executor));
  }

  @Override
  public <U> CompletionStage<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
    return minimal(traced.thenCompose(fn));
  }

  @Override
  public <U> CompletionStage<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return minimal(traced.thenComposeAsync(fn));
  }

  @Override
  public <U> CompletionStage<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return minimal(traced.thenComposeAsync(fn, executor));
  }

  @Override
  public <U> CompletionStage<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return minimal(traced.handle(fn));
  }

  @Override
  public <U> CompletionStage<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return minimal(traced.handleAsync(fn));
  }

  @Override
  public <U> CompletionStage<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return minimal(traced.handleAsync(fn, executor));
  }

  @Override
  public CompletionStage<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return minimal(traced.whenComplete(action));
  }

  @Override
  public CompletionStage<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    return minimal(traced.whenCompleteAsync(action));
  }

  @Override
  public CompletionStage<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return minimal(traced.whenCompleteAsync(action, executor));
  }

  @Override
  public CompletionStage<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return minimal(traced.exceptionally(fn));
  }

  /**
   * Returns a new traced future completed when this stage completes, as the JDK's minimal stage.
   */
  @Override
  public CompletableFuture<T> toCompletableFuture() {
    return traced.copy();
  }

  @Override
  public String toString() {
    return "MinimalTracedStage{" + traced + "}";
  }
}
