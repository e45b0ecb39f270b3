package io.tracebridge.okhttp;

import io.tracebridge.ContextSnapshot;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Travels with a request as an OkHttp tag: the context of the code that created the call, and how
 * many network attempts the call has made (for {@code http.request.resend_count}).
 */
final class CallState {
  final ContextSnapshot caller;
  final AtomicInteger attempts = new AtomicInteger();

  CallState(ContextSnapshot caller) {
    this.caller = caller;
  }
}
