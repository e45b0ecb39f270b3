package io.tracebridge.grpc;

import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.context.Context;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.otel.OtelBridge;
import io.tracebridge.propagation.InboundPolicy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Server side: the SERVER span starts with the call, is entered around every listener callback (so
 * handlers see it as current through tracebridge and OpenTelemetry, without gRPC's single-slot
 * {@code ContextStorageOverride}), and ends on {@code onComplete} with the status given to {@code
 * close}, or on {@code onCancel} with the reason the call was cancelled (DEADLINE_EXCEEDED or
 * CANCELLED). Only server-fault codes are errors.
 */
final class TracingServerInterceptor implements ServerInterceptor {
  private final GrpcTracing tracing;
  private final Authority.Cache authorities = new Authority.Cache();

  TracingServerInterceptor(GrpcTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    InboundPolicy.Decision decision = tracing.extract(headers);
    Span span =
        tracing
            .serverSpan(call.getMethodDescriptor(), authorities.of(call.getAuthority()), headers)
            .start();
    OtelBridge.setParent(span, decision.parent());
    if (decision.hasLink()) {
      OtelBridge.addLink(span, decision.link());
    }
    tracing.recordPeer(span, call.getAttributes());
    tracing.extractorsOnStart(span, call.getMethodDescriptor(), headers);
    boolean messageEvents = tracing.messageEventsFor(call.getMethodDescriptor());
    State state = new State(span);

    ServerCall<ReqT, RespT> traced =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          private long sent;

          @Override
          public void sendMessage(RespT message) {
            if (messageEvents) {
              tracing.messageEvent(true, span, "SENT", ++sent);
            }
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            state.status = status;
            // End the span before the status goes out: the client's span ends when the status
            // arrives, so ending after (on onComplete) made the server span outlast its client's,
            // which Jaeger flags as clock skew. A call already cancelled (deadline, client gone)
            // never delivers this status: onCancel ends the span with the reason.
            if (!isCancelled()) {
              state.end(status, null);
            }
            super.close(status, trailers);
          }
        };

    ServerCall.Listener<ReqT> listener;
    Context remote = decision.parent();
    try (Scope entered = OtelBridge.enterWithRemoteParent(span, remote)) {
      listener = next.startCall(traced, headers);
    } catch (RuntimeException | Error e) {
      state.end(Status.fromThrowable(e), e);
      throw e;
    }
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      private long received;

      @Override
      public void onMessage(ReqT message) {
        if (messageEvents) {
          tracing.messageEvent(true, span, "RECEIVED", ++received);
        }
        run(() -> super.onMessage(message));
      }

      @Override
      public void onHalfClose() {
        run(super::onHalfClose);
      }

      @Override
      public void onReady() {
        run(super::onReady);
      }

      @Override
      public void onCancel() {
        // The call did not complete: a close() the handler made after the client gave up never
        // reached
        // it. The call's gRPC context says why it ended (deadline or cancellation).
        Status why = Contexts.statusFromCancelled(io.grpc.Context.current());
        try {
          run(super::onCancel);
        } finally {
          state.end(why != null ? why : Status.CANCELLED, null);
        }
      }

      @Override
      public void onComplete() {
        try {
          run(super::onComplete);
        } finally {
          state.end(state.status != null ? state.status : Status.OK, null);
        }
      }

      private void run(Runnable callback) {
        try (Scope entered = OtelBridge.enterWithRemoteParent(span, remote)) {
          callback.run();
        } catch (RuntimeException | Error e) {
          state.handlerFailed(e);
          throw e;
        }
      }
    };
  }

  /** The span's end state, shared by the wrapped call and listener. */
  private final class State {
    final Span span;
    final AtomicBoolean ended = new AtomicBoolean();
    volatile Status status;

    State(Span span) {
      this.span = span;
    }

    void handlerFailed(Throwable e) {
      span.recordError(e);
    }

    void end(Status finalStatus, Throwable error) {
      if (ended.compareAndSet(false, true)) {
        tracing.recordServerStatus(span, finalStatus, error);
        tracing.extractorsOnEnd(span, finalStatus);
        span.close();
      }
    }
  }
}
