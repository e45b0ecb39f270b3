package io.tracebridge.otel.setup;

import io.tracebridge.ContextSnapshot;
import io.tracebridge.Dispatch;
import io.tracebridge.EnteredSpan;
import io.tracebridge.Fields;
import io.tracebridge.Registry;
import io.tracebridge.Scope;
import io.tracebridge.Tracer;
import io.tracebridge.fmt.FmtLayer;
import io.tracebridge.otel.OtelBridge;

/**
 * A short-lived program run in its own JVM by {@link OtelSetupTest}, since the setup touches
 * JVM-wide state. The first argument picks the scenario; results are printed as {@code RESULT ...}.
 */
public final class SetupProbe {
  private static final Tracer TRACER = Tracer.forClass(SetupProbe.class);

  private SetupProbe() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "exit-right-after-last-span":
        OtelSetup.builder().console(false).install();
        try (EnteredSpan last = TRACER.infoSpan("last_span").field("n", 1).entered()) {
          TRACER.info("about to exit");
        }
        return; // no close(): the shutdown hook must flush
      case "install-only":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          System.out.println("RESULT installed");
        } catch (IllegalArgumentException e) {
          System.out.println("RESULT refused: " + e.getMessage());
        }
        return;
      case "route-jul":
        {
          java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc.Probe");
          OtelSetup setup = OtelSetup.builder().console(false).routeJavaUtilLogging(true).install();
          try (EnteredSpan call = TRACER.infoSpan("rpc_call").entered()) {
            grpc.warning("deadline exceeded on the wire");
          }
          boolean installed =
              java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
                  .anyMatch(h -> h instanceof io.tracebridge.jul.JulHandler);
          setup.close();
          boolean removed =
              java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
                  .noneMatch(h -> h instanceof io.tracebridge.jul.JulHandler);
          System.out.println("RESULT installed=" + installed + " removedOnClose=" + removed);
          return;
        }
      case "close-after-last-span":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          TRACER.infoSpan("last_span").run(() -> TRACER.info("about to exit"));
        }
        return;
      case "global-opentelemetry":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          try (EnteredSpan local = TRACER.infoSpan("local_parent").entered()) {
            // What an OpenTelemetry-instrumented library does: look up the global instance.
            io.opentelemetry.api.trace.Span lib =
                io.opentelemetry.api.GlobalOpenTelemetry.getTracer("some-library")
                    .spanBuilder("library_span")
                    .startSpan();
            String parent =
                ((io.opentelemetry.sdk.trace.ReadableSpan) lib).getParentSpanContext().getSpanId();
            lib.end();
            System.out.println(
                "RESULT parentIsLocal="
                    + parent.equals(OtelBridge.spanContext(local.span()).getSpanId()));
          }
        }
        return;
      case "events-without-log-export":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          TRACER.info("outside every span");
          io.tracebridge.Span send = TRACER.infoSpan("send").start();
          Runnable late = send.wrap(() -> TRACER.info("after send closed"));
          send.close();
          late.run();
          System.out.println(
              "RESULT orphansDropped="
                  + setup.layer().droppedOrphanEvents()
                  + " lateDropped="
                  + setup.layer().droppedLateEvents()
                  + " forwarded="
                  + (setup.layer().forwardedOrphanEvents() + setup.layer().forwardedLateEvents()));
        }
        return;
      case "full-spans":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          try (EnteredSpan span = TRACER.infoSpan("busy").entered()) {
            for (int i = 0; i < 130; i++) {
              TRACER.info("tick");
            }
          }
          System.out.println(
              "RESULT eventsOverCap="
                  + setup.layer().droppedEventsOverSpanCap()
                  + " attributesOverCap="
                  + setup.layer().droppedAttributesOverSpanCap());
        }
        return;
      case "lossy-core":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          try (EnteredSpan span = TRACER.infoSpan("crowded").entered()) {
            for (int i = 0; i < Fields.MAX_FIELDS + 2; i++) {
              span.span().record("field_" + i, i);
            }
          }
          ContextSnapshot.Participant failing =
              new ContextSnapshot.Participant() {
                @Override
                public Object capture() {
                  throw new IllegalStateException("participant bug");
                }

                @Override
                public Scope restore(Object state) {
                  return Scope.NOOP;
                }
              };
          ContextSnapshot.register(failing);
          ContextSnapshot.capture().wrap(() -> {}).run();
          ContextSnapshot.unregister(failing);
          System.out.println(
              "RESULT droppedNames="
                  + Fields.droppedNameCount()
                  + " participantFailures="
                  + ContextSnapshot.participantFailureCount());
        }
        return;
      case "console-and-export-filters":
        try (OtelSetup setup = OtelSetup.builder().install()) {
          TRACER.infoSpan("info_span").run(() -> TRACER.info("info event"));
          TRACER.warn("warn event");
        }
        return;
      case "propagators":
        try (OtelSetup setup =
            OtelSetup.builder()
                .console(false)
                .useOpenTelemetryPropagators(args.length > 1 && args[1].equals("otel"))
                .install()) {
          try (EnteredSpan span = TRACER.infoSpan("outgoing").entered()) {
            java.util.Map<String, String> headers = new java.util.TreeMap<>();
            io.tracebridge.propagation.TracebridgePropagators.global()
                .inject(io.opentelemetry.context.Context.current(), headers, java.util.Map::put);
            System.out.println("RESULT headers=" + headers.keySet());
          }
          System.out.println(
              "RESULT propagator=" + setup.openTelemetry().getPropagators().getTextMapPropagator());
        }
        return;
      case "join-global":
      case "join-explicit":
        {
          var memory = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
          var own =
              io.opentelemetry.sdk.OpenTelemetrySdk.builder()
                  .setTracerProvider(
                      io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                          .addSpanProcessor(
                              io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(memory))
                          .build())
                  .build();
          OtelSetup.Builder builder = OtelSetup.builder().console(false);
          if (args[0].equals("join-global")) {
            io.opentelemetry.api.GlobalOpenTelemetry.set(own); // as the agent or a framework would
          } else {
            builder.openTelemetry(own);
          }
          try (OtelSetup setup = builder.install()) {
            TRACER.infoSpan("joined_span").run(() -> {});
            System.out.println(
                "RESULT exported="
                    + memory.getFinishedSpanItems().size()
                    + " ownsSdk="
                    + setup.ownsSdk());
          }
          // Closing the setup left the owner's SDK running: it still exports.
          own.getTracer("owner").spanBuilder("after_close").startSpan().end();
          System.out.println("RESULT exportedAfterClose=" + memory.getFinishedSpanItems().size());
          long batchThreads =
              Thread.getAllStackTraces().keySet().stream()
                  .filter(t -> t.getName().startsWith("BatchSpanProcessor"))
                  .count();
          System.out.println("RESULT batchThreads=" + batchThreads);
          return;
        }
      case "failed-install":
        try {
          OtelSetup.builder().console(false).install();
          System.out.println("RESULT installed");
        } catch (IllegalArgumentException e) {
          long alive = 1;
          // A shut-down batch worker ends after its current poll: up to the 5 s schedule delay.
          for (int i = 0; i < 160 && alive > 0; i++) {
            Thread.sleep(50);
            alive =
                Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("BatchSpanProcessor") && t.isAlive())
                    .count();
          }
          System.out.println("RESULT failed: " + e.getMessage() + "; batchThreads=" + alive);
        }
        return;
      case "metric-readers":
        try (OtelSetup setup = OtelSetup.builder().console(false).install()) {
          long readers =
              Thread.getAllStackTraces().keySet().stream()
                  .filter(t -> t.getName().contains("PeriodicMetricReader"))
                  .count();
          System.out.println("RESULT metricReaders=" + readers);
        }
        return;
      case "install-twice":
        OtelSetup first = OtelSetup.builder().console(false).install();
        OtelSetup second = OtelSetup.builder().console(true).install();
        System.out.println(
            "RESULT same=" + (first == second) + " installed=" + (OtelSetup.installed() == first));
        first.close();
        return;
      case "global-default-already-set":
        Dispatch.setGlobalDefault(Registry.builder().with(FmtLayer.builder().build()).build());
        try {
          OtelSetup.init();
          System.out.println("RESULT installed");
        } catch (IllegalStateException e) {
          System.out.println("RESULT refused: " + e.getMessage());
        }
        return;
      case "collector-unreachable":
        OtelSetup setup = OtelSetup.builder().console(false).install();
        long start = System.nanoTime();
        for (int batch = 0; batch < 5; batch++) {
          for (int i = 0; i < 50; i++) {
            TRACER.infoSpan("request").field("i", i).run(() -> TRACER.info("work"));
          }
          setup.flush(5, java.util.concurrent.TimeUnit.SECONDS); // each flush is one failing batch
        }
        System.out.println(
            "RESULT completed spans=250 appMillis=" + (System.nanoTime() - start) / 1_000_000);
        setup.close();
        return;
      case "queue-overflow":
        {
          // The collector is unreachable, so the batch processor's worker is busy retrying while a
          // burst of spans ends: far more than its queue (OTEL_BSP_MAX_QUEUE_SIZE) holds.
          OtelSetup overflowing = OtelSetup.builder().console(false).install();
          for (int i = 0; i < 1_000; i++) {
            TRACER.infoSpan("burst").field("i", i).run(() -> {});
          }
          System.out.println("RESULT ended=1000");
          overflowing.close();
          return;
        }
      case "resource-default":
        {
          try (OtelSetup installed =
              OtelSetup.builder()
                  .console(false)
                  .resourceDefault("service.version", "1.2.3")
                  .resourceDefault("deployment.environment.name", "test")
                  .install()) {
            io.opentelemetry.api.trace.Span span =
                installed.openTelemetry().getTracer("probe").spanBuilder("s").startSpan();
            io.opentelemetry.sdk.resources.Resource resource =
                ((io.opentelemetry.sdk.trace.ReadableSpan) span).toSpanData().getResource();
            span.end();
            System.out.println(
                "RESULT version="
                    + resource.getAttribute(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.version"))
                    + " env="
                    + resource.getAttribute(
                        io.opentelemetry.api.common.AttributeKey.stringKey(
                            "deployment.environment.name"))
                    + " name="
                    + resource.getAttribute(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.name")));
          }
          return;
        }
      case "otel-loggers":
        {
          // What OtelSetup leaves on OpenTelemetry's own loggers: nothing.
          java.util.List<String> names =
              java.util.List.of(
                  "io.opentelemetry",
                  "io.opentelemetry.sdk.trace.export.BatchSpanProcessor",
                  "io.opentelemetry.exporter.internal.grpc.GrpcExporter",
                  "io.opentelemetry.exporter.internal.http.HttpExporter");
          java.util.List<java.util.logging.Logger> held = new java.util.ArrayList<>();
          for (String name : names) {
            held.add(
                java.util.logging.Logger.getLogger(name)); // created before, so a change would show
          }
          try (OtelSetup installed = OtelSetup.builder().console(false).install()) {
            StringBuilder out = new StringBuilder("RESULT");
            for (java.util.logging.Logger logger : held) {
              out.append(' ')
                  .append(logger.getName())
                  .append('=')
                  .append(logger.getLevel())
                  .append('/')
                  .append(logger.getFilter());
            }
            System.out.println(out);
          }
          return;
        }
      default:
        throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
  }
}
