package io.tracebridge.okhttp;

import java.io.IOException;
import kotlin.jvm.functions.Function0;
import kotlin.reflect.KClass;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;
import okio.Timeout;

/**
 * A call made through {@link OkHttpTracing#newCallFactory}: its request carries the caller's context,
 * its callback runs in that context, and its clone takes the context current at clone time.
 */
final class TracingCall implements Call {
  private final TracingCallFactory factory;
  private final Call delegate;
  private final CallState state;

  TracingCall(TracingCallFactory factory, Call delegate, CallState state) {
    this.factory = factory;
    this.delegate = delegate;
    this.state = state;
  }

  @Override
  public Request request() {
    return delegate.request();
  }

  @Override
  public Response execute() throws IOException {
    return delegate.execute();
  }

  @Override
  public void enqueue(Callback callback) {
    delegate.enqueue(new TracingCallback(callback, state.caller, this));
  }

  @Override
  public void cancel() {
    delegate.cancel();
  }

  @Override
  public boolean isExecuted() {
    return delegate.isExecuted();
  }

  @Override
  public boolean isCanceled() {
    return delegate.isCanceled();
  }

  @Override
  public Timeout timeout() {
    return delegate.timeout();
  }

  @Override
  public void addEventListener(EventListener listener) {
    delegate.addEventListener(listener);
  }

  @Override
  public <T> T tag(KClass<T> type) {
    return delegate.tag(type);
  }

  @Override
  public <T> T tag(Class<? extends T> type) {
    return delegate.tag(type);
  }

  @Override
  public <T> T tag(KClass<T> type, Function0<? extends T> computeIfAbsent) {
    return delegate.tag(type, computeIfAbsent);
  }

  @Override
  public <T> T tag(Class<T> type, Function0<? extends T> computeIfAbsent) {
    return delegate.tag(type, computeIfAbsent);
  }

  /** A new call for the same request, in the context current now rather than the original's. */
  @Override
  public Call clone() {
    return factory.newCall(delegate.request());
  }

  @Override
  public String toString() {
    return "TracingCall(" + delegate.request().method() + " " + delegate.request().url() + ")";
  }
}
