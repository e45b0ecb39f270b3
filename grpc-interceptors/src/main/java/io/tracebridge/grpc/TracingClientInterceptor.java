package io.tracebridge.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.tracebridge.ContextSnapshot;
import io.tracebridge.Scope;
import io.tracebridge.Span;
import io.tracebridge.otel.OtelBridge;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Client side: the CLIENT span runs from {@code start} until {@code onClose}; every listener
 * callback runs in the caller's context; any non-OK status is an error.
 */
final class TracingClientInterceptor implements ClientInterceptor {
  private final GrpcTracing tracing;

  private final Authority.Cache authorities = new Authority.Cache();

  TracingClientInterceptor(GrpcTracing tracing) {
    this.tracing = tracing;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    ContextSnapshot caller = ContextSnapshot.capture();
    Authority authority = authorities.of(next.authority());
    boolean messageEvents = tracing.messageEventsFor(method);
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      private Span span = Span.none();
      private final AtomicBoolean ended = new AtomicBoolean();
      private final AtomicBoolean peerRecorded = new AtomicBoolean();
      private long sent;

      /**
       * The peer is known from headers on; a trailers-only response gets no onHeaders, so close
       * checks too.
       */
      private void recordPeerOnce() {
        if (peerRecorded.compareAndSet(false, true)) {
          tracing.recordPeer(span, getAttributes());
        }
      }

      @Override
      public void start(ClientCall.Listener<RespT> listener, Metadata headers) {
        try (Scope c = caller.attach()) {
          span = tracing.clientSpan(method, authority, headers).start();
          try (Scope entered = span.enter()) {
            tracing.inject(
                OtelBridge.context(span), authority == null ? null : authority.host(), headers);
            tracing.extractorsOnStart(span, method, headers);
          }
        }
        try {
          super.start(new TracingListener(listener), headers);
        } catch (RuntimeException | Error e) {
          end(Status.fromThrowable(e), e);
          throw e;
        }
      }

      @Override
      public void sendMessage(ReqT message) {
        if (messageEvents) {
          tracing.messageEvent(false, span, "SENT", ++sent);
        }
        super.sendMessage(message);
      }

      private void end(Status status, Throwable error) {
        if (ended.compareAndSet(false, true)) {
          tracing.recordClientStatus(span, status, error);
          tracing.extractorsOnEnd(span, status);
          span.close();
        }
      }

      final class TracingListener
          extends ForwardingClientCallListener.SimpleForwardingClientCallListener<RespT> {
        private long received;

        TracingListener(ClientCall.Listener<RespT> delegate) {
          super(delegate);
        }

        @Override
        public void onHeaders(Metadata headers) {
          recordPeerOnce();
          try (Scope c = caller.attach()) {
            super.onHeaders(headers);
          }
        }

        @Override
        public void onMessage(RespT message) {
          if (messageEvents) {
            tracing.messageEvent(false, span, "RECEIVED", ++received);
          }
          try (Scope c = caller.attach()) {
            super.onMessage(message);
          }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          recordPeerOnce();
          end(status, status.getCause());
          try (Scope c = caller.attach()) {
            super.onClose(status, trailers);
          }
        }

        @Override
        public void onReady() {
          try (Scope c = caller.attach()) {
            super.onReady();
          }
        }
      }
    };
  }
}
