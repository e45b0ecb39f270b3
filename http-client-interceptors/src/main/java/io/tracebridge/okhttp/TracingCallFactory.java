package io.tracebridge.okhttp;

import io.tracebridge.ContextSnapshot;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/** Tags each request with the caller's context and wraps the call. */
final class TracingCallFactory implements Call.Factory {
  private final OkHttpClient client;

  TracingCallFactory(OkHttpClient client) {
    this.client = client;
  }

  @Override
  public Call newCall(Request request) {
    CallState state = new CallState(ContextSnapshot.capture());
    Request tagged = request.newBuilder().tag(CallState.class, state).build();
    return TracingCalls.wrap(this, client.newCall(tagged), state);
  }
}
