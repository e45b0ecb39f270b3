package io.tracebridge.slf4j.mdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Tracer;
import io.tracebridge.context.Envelope;
import io.tracebridge.context.TracedFuture;
import io.tracebridge.context.TracedQueue;
import io.tracebridge.context.TracingExecutors;
import io.tracebridge.otel.setup.OtelSetup;
import io.tracebridge.slf4j.mdc.LogFile.Line;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs twice (see the pom): with real Logback, and with real Log4j 2 through log4j-slf4j2-impl.
 * Each test reads the lines the backend wrote with its own pattern and compares their ids with the
 * spans the OpenTelemetry SDK exported.
 */
class MdcLayerTest {
  private static final Tracer TRACER = Tracer.forClass(MdcLayerTest.class);
  private static final Logger LOG = LoggerFactory.getLogger(MdcLayerTest.class);
  private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
  private static OpenTelemetrySdk sdk;
  private static OtelSetup setup;
  private final LogFile file = new LogFile();

  @BeforeAll
  static void install() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(EXPORTER))
                    .build())
            .build();
    // The documented set-up: one layer added to the OpenTelemetry setup.
    setup =
        OtelSetup.builder()
            .openTelemetry(sdk)
            .console(false)
            .addLayer(MdcLayer.builder().baggageKeys("tenant").build())
            .install();
  }

  @AfterAll
  static void close() {
    setup.close();
    sdk.close();
  }

  @BeforeEach
  void mark() {
    EXPORTER.reset();
    file.mark();
  }

  private static SpanData exported(String name) {
    return EXPORTER.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no exported span " + name));
  }

  private static void assertIdsOf(Line line, SpanData span) {
    assertThat(line.traceId()).isEqualTo(span.getTraceId());
    assertThat(line.spanId()).isEqualTo(span.getSpanId());
    assertThat(line.traceFlags()).isEqualTo(span.getSpanContext().getTraceFlags().asHex());
    assertThat(line.traceFlags()).isNotEmpty();
  }

  private static void assertNoIds(Line line) {
    assertThat(line.traceId()).isEmpty();
    assertThat(line.spanId()).isEmpty();
    assertThat(line.traceFlags()).isEmpty();
  }

  @Test
  void theBackendUnderTestIsTheOneThisRunIsFor() {
    String backend = LogFile.backend();
    String factory = LoggerFactory.getILoggerFactory().getClass().getName();
    assertThat(factory).startsWith(backend.equals("logback") ? "ch.qos.logback" : "org.apache");
  }

  @Test
  void aLineLoggedInsideASpanCarriesTheIdsOfTheSpanThatWasExported() {
    try (EnteredSpan span = TRACER.infoSpan("checkout").entered()) {
      LOG.info("inside");
    }
    LOG.info("outside");

    assertIdsOf(file.line("inside"), exported("checkout"));
    assertNoIds(file.line("outside"));
  }

  @Test
  void aChildSpanShowsItsOwnIdsAndTheParentsComeBackAfterIt() {
    try (EnteredSpan parent = TRACER.infoSpan("parent").entered()) {
      LOG.info("in parent");
      try (EnteredSpan child = TRACER.infoSpan("child").entered()) {
        LOG.info("in child");
      }
      LOG.info("parent again");
    }

    assertIdsOf(file.line("in parent"), exported("parent"));
    assertIdsOf(file.line("in child"), exported("child"));
    assertIdsOf(file.line("parent again"), exported("parent"));
    assertThat(exported("child").getTraceId()).isEqualTo(exported("parent").getTraceId());
  }

  @Test
  void theIdsFollowTheSpanIntoAPoolAndThePoolThreadKeepsNoStaleValue() throws Exception {
    ExecutorService pool = TracingExecutors.wrap(Executors.newSingleThreadExecutor());
    try {
      try (EnteredSpan span = TRACER.infoSpan("fan_out").entered()) {
        pool.submit(
                () -> {
                  LOG.info("in task");
                  try (EnteredSpan child = TRACER.infoSpan("task_child").entered()) {
                    LOG.info("in task child");
                  }
                  LOG.info("task after child");
                })
            .get(5, TimeUnit.SECONDS);
      }
      pool.submit(() -> LOG.info("later task, no span")).get(5, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }

    assertIdsOf(file.line("in task"), exported("fan_out"));
    assertIdsOf(file.line("in task child"), exported("task_child"));
    assertIdsOf(file.line("task after child"), exported("fan_out"));
    Line later = file.line("later task, no span");
    assertNoIds(later);
    assertThat(later.thread()).isEqualTo(file.line("in task").thread());
  }

  @Test
  void theIdsFollowTheSpanThroughAFutureAndItsCallbacks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      io.tracebridge.Span span = TRACER.infoSpan("async_quote").start();
      TracedFuture.supplyAsync(
              span,
              () -> {
                LOG.info("supplier ran");
                return 42;
              },
              pool)
          .thenApplyAsync(
              price -> {
                LOG.info("callback ran");
                return price;
              },
              pool)
          .get(5, TimeUnit.SECONDS);
      span.close();
      pool.submit(() -> LOG.info("pool thread afterwards")).get(5, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }

    assertIdsOf(file.line("supplier ran"), exported("async_quote"));
    assertIdsOf(file.line("callback ran"), exported("async_quote"));
    assertNoIds(file.line("pool thread afterwards"));
  }

  @Test
  void theIdsFollowTheSpanOntoAVirtualThread() throws Exception {
    assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    ExecutorService virtual =
        (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    ExecutorService traced = TracingExecutors.wrap(virtual);
    try (EnteredSpan span = TRACER.infoSpan("on_virtual").entered()) {
      traced.submit(() -> LOG.info("on a virtual thread")).get(5, TimeUnit.SECONDS);
    } finally {
      traced.shutdown();
    }

    assertIdsOf(file.line("on a virtual thread"), exported("on_virtual"));
  }

  @Test
  void theIdsTravelWithAQueuedMessageToItsConsumer() throws Exception {
    TracedQueue<String> queue = TracedQueue.create(4);
    try (EnteredSpan span = TRACER.infoSpan("produce").entered()) {
      queue.put("order-1");
    }
    Thread consumer =
        new Thread(
            () -> {
              try {
                Envelope<String> message = queue.take();
                message.run(payload -> LOG.info("consumed " + payload));
                LOG.info("consumer idle");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    consumer.start();
    consumer.join(5_000);

    assertIdsOf(file.line("consumed order-1"), exported("produce"));
    assertNoIds(file.line("consumer idle"));
  }

  @Test
  void spansClosedOutOfOrderLeaveTheInnermostStillEnteredSpanInTheMdc() {
    EnteredSpan outer = TRACER.infoSpan("outer").entered();
    EnteredSpan inner = TRACER.infoSpan("inner").entered();
    outer.close();
    LOG.info("outer closed first");
    inner.close();
    LOG.info("both closed");

    assertIdsOf(file.line("outer closed first"), exported("inner"));
    assertNoIds(file.line("both closed"));
  }

  @Test
  void whatTheMdcHeldBeforeTheSpanIsThereAgainAfterIt() {
    MDC.put(MdcLayer.TRACE_ID, "set-by-the-caller");
    try {
      try (EnteredSpan span = TRACER.infoSpan("borrowing").entered()) {
        LOG.info("inside borrowing");
      }
      LOG.info("after borrowing");
    } finally {
      MDC.remove(MdcLayer.TRACE_ID);
    }

    assertIdsOf(file.line("inside borrowing"), exported("borrowing"));
    assertThat(file.line("after borrowing").traceId()).isEqualTo("set-by-the-caller");
  }

  @Test
  void onlyTheBaggageKeysAskedForReachTheMdc() {
    Baggage baggage = Baggage.builder().put("tenant", "acme").put("secret", "s3cr3t").build();
    String secretInside;
    try (Scope scope = baggage.makeCurrent();
        EnteredSpan span = TRACER.infoSpan("with_baggage").entered()) {
      LOG.info("with baggage");
      secretInside = MDC.get("baggage.secret");
    }
    LOG.info("baggage gone");

    assertThat(file.line("with baggage").tenant()).isEqualTo("acme");
    assertThat(secretInside).isNull();
    assertThat(file.line("baggage gone").tenant()).isEmpty();
  }
}
