package io.tracebridge.context;

import io.tracebridge.ContextSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wraps executors so that every task runs in the context that was current when it was submitted:
 * the submitter's span (and scoped subscriber, and OpenTelemetry context once the bridge is
 * installed). Periodic tasks run every time in the context of their submission.
 *
 * <p>The wrappers delegate everything else, including shutdown, to the executor they wrap.
 */
public final class TracingExecutors {
  private TracingExecutors() {}

  /**
   * Wraps an {@link Executor}.
   *
   * @param delegate the executor that runs the tasks
   * @return an executor that captures context at {@code execute}
   */
  public static Executor wrap(Executor delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return task -> delegate.execute(ContextSnapshot.capture().wrap(task));
  }

  /**
   * Wraps an {@link ExecutorService}.
   *
   * @param delegate the executor service that runs the tasks
   * @return an executor service that captures context at submission
   */
  public static ExecutorService wrap(ExecutorService delegate) {
    return new TracingExecutorService(Objects.requireNonNull(delegate, "delegate"));
  }

  /**
   * Wraps a {@link ScheduledExecutorService}.
   *
   * @param delegate the scheduled executor service that runs the tasks
   * @return a scheduled executor service that captures context at scheduling
   */
  public static ScheduledExecutorService wrap(ScheduledExecutorService delegate) {
    return new TracingScheduledExecutorService(Objects.requireNonNull(delegate, "delegate"));
  }

  private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
    ContextSnapshot context = ContextSnapshot.capture();
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      wrapped.add(context.wrap(task));
    }
    return wrapped;
  }

  private static class TracingExecutorService implements ExecutorService {
    private final ExecutorService delegate;

    TracingExecutorService(ExecutorService delegate) {
      this.delegate = delegate;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(ContextSnapshot.capture().wrap(command));
    }

    @Override
    public Future<?> submit(Runnable task) {
      return delegate.submit(ContextSnapshot.capture().wrap(task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
      return delegate.submit(ContextSnapshot.capture().wrap(task), result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
      return delegate.submit(ContextSnapshot.capture().wrap(task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(
        Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
        throws InterruptedException, ExecutionException {
      return delegate.invokeAny(wrapAll(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.invokeAny(wrapAll(tasks), timeout, unit);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
      return "TracingExecutorService(" + delegate + ")";
    }
  }

  private static final class TracingScheduledExecutorService extends TracingExecutorService
      implements ScheduledExecutorService {
    private final ScheduledExecutorService delegate;

    TracingScheduledExecutorService(ScheduledExecutorService delegate) {
      super(delegate);
      this.delegate = delegate;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return delegate.schedule(ContextSnapshot.capture().wrap(command), delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return delegate.schedule(ContextSnapshot.capture().wrap(callable), delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      return delegate.scheduleAtFixedRate(
          ContextSnapshot.capture().wrap(command), initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      return delegate.scheduleWithFixedDelay(
          ContextSnapshot.capture().wrap(command), initialDelay, delay, unit);
    }
  }
}
