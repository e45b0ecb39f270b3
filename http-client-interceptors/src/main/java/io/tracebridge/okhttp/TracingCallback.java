package io.tracebridge.okhttp;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Scope;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/** Runs the application's callback in the context of the code that enqueued the call. */
final class TracingCallback implements Callback {
  private final Callback delegate;
  private final ContextSnapshot caller;
  private final Call call;

  TracingCallback(Callback delegate, ContextSnapshot caller, Call call) {
    this.delegate = delegate;
    this.caller = caller;
    this.call = call;
  }

  @Override
  public void onFailure(Call ignored, IOException e) {
    try (Scope s = caller.attach()) {
      delegate.onFailure(call, e);
    }
  }

  @Override
  public void onResponse(Call ignored, Response response) throws IOException {
    try (Scope s = caller.attach()) {
      delegate.onResponse(call, response);
    }
  }
}
