package io.tracebridge.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.Dispatch;
import io.tracebridge.Level;
import io.tracebridge.Span;
import io.tracebridge.Tracer;
import io.tracebridge.testing.RecordedSpan;
import io.tracebridge.testing.RecordingSubscriber;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InstrumentTest {
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  interface Inventory {
    @Instrument(skip = "token", ret = true)
    int reserve(String sku, int quantity, String token);

    @Instrument(name = "lookup_stock", level = Level.DEBUG, target = "com.acme.inventory")
    long stock(String sku);

    @Instrument(err = true)
    void release(String sku) throws IOException;

    @Instrument(skipAll = true, err = true, ret = true)
    CompletionStage<String> reserveAsync(String sku, boolean fail);

    String notInstrumented(String sku);
  }

  static final class InventoryImpl implements Inventory {
    static final IOException RELEASE_FAILURE = new IOException("ledger unavailable");
    static final IllegalStateException ASYNC_FAILURE = new IllegalStateException("async boom");

    @Override
    public int reserve(String sku, int quantity, String token) {
      Tracer.forClass(InventoryImpl.class).info("reserving");
      return quantity * 2;
    }

    @Override
    public long stock(String sku) {
      return 5;
    }

    @Override
    public void release(String sku) throws IOException {
      throw RELEASE_FAILURE;
    }

    @Override
    public CompletionStage<String> reserveAsync(String sku, boolean fail) {
      return fail
          ? CompletableFuture.failedFuture(ASYNC_FAILURE)
          : CompletableFuture.supplyAsync(() -> "reserved " + sku);
    }

    @Override
    public String notInstrumented(String sku) {
      return "plain " + sku + " in " + Span.current();
    }
  }

  private final Inventory inventory = Instrumented.proxy(Inventory.class, new InventoryImpl());

  @Test
  void methodRunsInASpanNamedAfterItWithArgumentsAsTypedFields() {
    int result = Dispatch.withDefault(recorder, () -> inventory.reserve("sku-1", 3, "secret"));

    assertThat(result).isEqualTo(6);
    RecordedSpan span = recorder.span("reserve");
    assertThat(span.target()).isEqualTo(Inventory.class.getName());
    assertThat(span.level()).isEqualTo(Level.INFO);
    assertThat(span.fields()).containsEntry("sku", "sku-1").containsEntry("quantity", 3L);
    assertThat(span.fields()).doesNotContainKey("token");
    assertThat(recorder.event("reserving").spanPath()).containsExactly("reserve");
    assertThat(span.isClosed()).isTrue();
  }

  @Test
  void retRecordsTheReturnValueAsATypedEventField() {
    Dispatch.withDefault(recorder, () -> inventory.reserve("sku-1", 4, "t"));

    assertThat(recorder.events())
        .filteredOn(e -> e.fields().containsKey("return"))
        .singleElement()
        .satisfies(e -> assertThat(e.field("return")).isEqualTo(8L));
  }

  @Test
  void nameLevelAndTargetComeFromTheAnnotation() {
    Dispatch.withDefault(recorder, () -> inventory.stock("sku-9"));

    RecordedSpan span = recorder.span("lookup_stock");
    assertThat(span.level()).isEqualTo(Level.DEBUG);
    assertThat(span.target()).isEqualTo("com.acme.inventory");
  }

  @Test
  void errRecordsTheExceptionOnceAsAnErrorEventAndRethrowsTheSameCheckedInstance() {
    Dispatch.withDefault(
        recorder,
        () ->
            assertThatThrownBy(() -> inventory.release("sku-1"))
                .isSameAs(InventoryImpl.RELEASE_FAILURE));

    RecordedSpan span = recorder.span("release");
    // Recorded once, as Rust's #[instrument(err)]: an ERROR event carrying it, not also a span
    // field.
    assertThat(span.field("error")).isNull();
    assertThat(span.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.level()).isEqualTo(Level.ERROR);
              assertThat(e.error()).isSameAs(InventoryImpl.RELEASE_FAILURE);
            });
    assertThat(span.isClosed()).isTrue();
  }

  @Test
  void asyncMethodKeepsItsSpanOpenUntilTheStageCompletes() throws Exception {
    String value =
        Dispatch.withDefault(
            recorder, () -> inventory.reserveAsync("sku-2", false).toCompletableFuture().join());

    assertThat(value).isEqualTo("reserved sku-2");
    RecordedSpan span = recorder.span("reserveAsync");
    assertThat(span.fields()).isEmpty();
    assertThat(span.isClosed()).isTrue();
    assertThat(span.events())
        .singleElement()
        .satisfies(e -> assertThat(e.field("return")).isEqualTo("reserved sku-2"));
  }

  @Test
  void asyncFailureIsRecordedAndTheStageFailsWithTheOriginalException() {
    CompletionStage<String> stage =
        Dispatch.withDefault(recorder, () -> inventory.reserveAsync("sku-3", true));

    assertThatThrownBy(() -> stage.toCompletableFuture().join())
        .hasCause(InventoryImpl.ASYNC_FAILURE);
    assertThat(recorder.span("reserveAsync").field("error")).isNull();
    assertThat(recorder.span("reserveAsync").events())
        .singleElement()
        .satisfies(e -> assertThat(e.error()).isSameAs(InventoryImpl.ASYNC_FAILURE));
  }

  @Test
  void methodsWithoutTheAnnotationAndObjectMethodsPassThroughWithoutASpan() {
    String plain = Dispatch.withDefault(recorder, () -> inventory.notInstrumented("x"));

    assertThat(plain).isEqualTo("plain x in Span.none()");
    assertThat(inventory.toString()).contains("InventoryImpl");
    assertThat(recorder.spans()).isEmpty();
  }

  interface BadSkip {
    @Instrument(skip = "passwd")
    void login(String user, String password);
  }

  @Test
  void skippingAParameterThatDoesNotExistFailsAtProxyCreationNamingIt() {
    assertThatThrownBy(() -> Instrumented.proxy(BadSkip.class, (u, p) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[passwd]")
        .hasMessageContaining("[user, password]");
  }

  @Test
  void proxyingAClassFailsNamingIt() {
    assertThatThrownBy(() -> Instrumented.proxy(String.class, "x"))
        .hasMessageContaining("java.lang.String is a class");
  }
}
