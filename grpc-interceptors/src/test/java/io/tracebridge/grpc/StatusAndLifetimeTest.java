package io.tracebridge.grpc;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracebridge.grpc.testproto.PricingGrpc;
import io.tracebridge.grpc.testproto.QuoteRequest;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StatusAndLifetimeTest {
  private static final Set<Status.Code> SERVER_ERRORS =
      EnumSet.of(
          Status.Code.UNKNOWN,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNIMPLEMENTED,
          Status.Code.INTERNAL,
          Status.Code.UNAVAILABLE,
          Status.Code.DATA_LOSS);

  @Test
  void everyNonOkStatusIsAClientErrorButOnlyServerFaultsAreServerErrors() throws Exception {
    try (GrpcFixture f = new GrpcFixture(false)) {
      int calls = 0;
      for (Status.Code code : Status.Code.values()) {
        if (code == Status.Code.OK) {
          continue;
        }
        f.spans.reset();
        f.run(
            () ->
                assertThatThrownBy(
                        () ->
                            PricingGrpc.newBlockingStub(f.channel)
                                .quote(
                                    QuoteRequest.newBuilder()
                                        .setSku("S")
                                        .setFailWith(code.name())
                                        .build()))
                    .isInstanceOf(StatusRuntimeException.class));
        f.awaitSpans(SpanKind.SERVER, 1);
        calls++;

        SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
        SpanData server = f.ofKind(SpanKind.SERVER).get(0);
        assertThat(client.getAttributes().get(stringKey("rpc.status_code")))
            .as(code.name())
            .isEqualTo(code.name());
        assertThat(server.getAttributes().get(stringKey("rpc.status_code")))
            .as(code.name())
            .isEqualTo(code.name());
        assertThat(client.getStatus().getStatusCode())
            .as("client %s", code)
            .isEqualTo(StatusCode.ERROR);
        assertThat(client.getAttributes().get(stringKey("error.type")))
            .as("client %s", code)
            .isEqualTo(code.name());
        assertThat(server.getStatus().getStatusCode())
            .as("server %s", code)
            .isEqualTo(SERVER_ERRORS.contains(code) ? StatusCode.ERROR : StatusCode.UNSET);
        assertThat(server.getAttributes().get(stringKey("error.type")))
            .as("server %s", code)
            .isEqualTo(SERVER_ERRORS.contains(code) ? code.name() : null);
      }
      assertThat(calls).isEqualTo(16);
    }
  }

  @Test
  void deadlineExceededEndsBothSpansWithThatStatus() throws Exception {
    try (GrpcFixture f = new GrpcFixture(false)) {
      f.run(
          () ->
              assertThatThrownBy(
                      () ->
                          PricingGrpc.newBlockingStub(f.channel)
                              .withDeadlineAfter(100, TimeUnit.MILLISECONDS)
                              .quote(
                                  QuoteRequest.newBuilder().setSku("slow").setDelayMs(600).build()))
                  .isInstanceOf(StatusRuntimeException.class)
                  .satisfies(
                      e ->
                          assertThat(((StatusRuntimeException) e).getStatus().getCode())
                              .isEqualTo(Status.Code.DEADLINE_EXCEEDED)));
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(client.getAttributes().get(stringKey("rpc.status_code")))
          .isEqualTo("DEADLINE_EXCEEDED");
      assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(server.getAttributes().get(stringKey("rpc.status_code")))
          .isEqualTo("DEADLINE_EXCEEDED");
      assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
  }

  @Test
  void clientCancelEndsTheClientSpanAsAnErrorAndTheServerSpanAsCancelled() throws Exception {
    try (GrpcFixture f = new GrpcFixture(false)) {
      Context.CancellableContext cancellable = Context.current().withCancellation();
      f.run(
          () -> {
            Thread canceller =
                new Thread(
                    () -> {
                      try {
                        Thread.sleep(150);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      cancellable.cancel(null);
                    });
            canceller.start();
            assertThatThrownBy(
                    () ->
                        cancellable.call(
                            () ->
                                PricingGrpc.newBlockingStub(f.channel)
                                    .quote(
                                        QuoteRequest.newBuilder()
                                            .setSku("cancel-me")
                                            .setDelayMs(600)
                                            .build())))
                .isInstanceOf(StatusRuntimeException.class);
          });
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData client = f.ofKind(SpanKind.CLIENT).get(0);
      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(client.getAttributes().get(stringKey("rpc.status_code"))).isEqualTo("CANCELLED");
      assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(server.getAttributes().get(stringKey("rpc.status_code"))).isEqualTo("CANCELLED");
      assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
  }

  @Test
  void aServerHandlerExceptionIsRecordedAsAnExceptionEventAndTheCallFailsWithUnknown()
      throws Exception {
    try (GrpcFixture f = new GrpcFixture(false)) {
      f.run(
          () ->
              assertThatThrownBy(
                      () ->
                          PricingGrpc.newBlockingStub(f.channel)
                              .quote(QuoteRequest.newBuilder().setSku("throw").build()))
                  .isInstanceOf(StatusRuntimeException.class)
                  .satisfies(
                      e ->
                          assertThat(((StatusRuntimeException) e).getStatus().getCode())
                              .isEqualTo(Status.Code.UNKNOWN)));
      f.awaitSpans(SpanKind.SERVER, 1);

      SpanData server = f.ofKind(SpanKind.SERVER).get(0);
      assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(server.getEvents())
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo("exception");
                assertThat(e.getAttributes().get(stringKey("exception.message")))
                    .isEqualTo("handler bug");
              });
    }
  }
}
