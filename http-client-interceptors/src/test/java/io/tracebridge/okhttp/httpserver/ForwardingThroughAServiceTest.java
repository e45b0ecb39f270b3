package io.tracebridge.okhttp.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracebridge.Dispatch;
import io.tracebridge.Registry;
import io.tracebridge.Tracer;
import io.tracebridge.okhttp.OkHttpTracing;
import io.tracebridge.otel.OpenTelemetryLayer;
import io.tracebridge.propagation.TracebridgePropagators;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What comes in goes out, through a real service: a request reaches a JDK server through {@link
 * TracingFilter}, whose handler does its work in a local span and calls the next service with
 * OkHttp. What the SDK's span context cannot hold (B3 and Jaeger debug, B3's deferred decision,
 * Level 2 tracestate keys OpenTelemetry refuses) still reaches the next service, with the new
 * span's id.
 */
class ForwardingThroughAServiceTest {
  private static final Tracer APP = Tracer.named("app");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  // The SDK's default sampler: parent-based, so a remote "not sampled" parent gives unsampled
  // spans.
  private final io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter exported =
      io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(
                      io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exported))
                  .build())
          .build();
  private final Registry registry =
      Registry.builder().with(OpenTelemetryLayer.builder(sdk).build()).build();
  private final Map<String, Map<String, String>> seenDownstream = new ConcurrentHashMap<>();
  private HttpServer downstream;
  private HttpServer service;

  @BeforeEach
  void start() throws IOException {
    downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    downstream.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new java.util.TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join("|", v)));
          seenDownstream.put(exchange.getRequestURI().getPath(), headers);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    downstream.start();
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.setExecutor(task -> new Thread(() -> Dispatch.withDefault(registry, task)).start());
    service.start();
  }

  @AfterEach
  void stop() {
    service.stop(0);
    downstream.stop(0);
    sdk.close();
  }

  private void route(String format, TextMapPropagator propagator) {
    OkHttpClient client = new OkHttpClient();
    var calls = OkHttpTracing.builder().propagator(propagator).build().newCallFactory(client);
    var filter = TracingFilter.builder().propagator(propagator).build();
    service
        .createContext(
            "/" + format,
            exchange -> {
              APP.infoSpan("handle")
                  .run(
                      () -> {
                        try (Response r =
                            calls
                                .newCall(
                                    new Request.Builder()
                                        .url(
                                            "http://127.0.0.1:"
                                                + downstream.getAddress().getPort()
                                                + "/"
                                                + format)
                                        .build())
                                .execute()) {
                          r.code();
                        } catch (IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      });
              exchange.sendResponseHeaders(204, -1);
              exchange.close();
            })
        .getFilters()
        .add(filter);
  }

  private Map<String, String> send(String format, String... headers) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url("http://127.0.0.1:" + service.getAddress().getPort() + "/" + format);
    for (int i = 0; i < headers.length; i += 2) {
      request.addHeader(headers[i], headers[i + 1]);
    }
    try (Response r = new OkHttpClient().newCall(request.build()).execute()) {
      assertThat(r.code()).isEqualTo(204);
    }
    return seenDownstream.get("/" + format);
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "b3; b3=TRACE-SPAN-d; b3=TRACE-\\w{16}-d",
        "b3; b3=TRACE-SPAN; b3=TRACE-\\w{16}",
        "b3; b3=TRACE-SPAN-1; b3=TRACE-\\w{16}-1",
        "b3; b3=TRACE-SPAN-0; b3=TRACE-\\w{16}-0",
        "b3multi; x-b3-traceid=TRACE|x-b3-spanid=SPAN|x-b3-flags=1;"
            + " x-b3-flags=1|x-b3-spanid=\\w{16}|x-b3-traceid=TRACE",
        "b3multi; x-b3-traceid=TRACE|x-b3-spanid=SPAN; x-b3-spanid=\\w{16}|x-b3-traceid=TRACE",
        "jaeger; uber-trace-id=TRACE:SPAN:0:3; uber-trace-id=TRACE:\\w{16}:0:3",
        "tracecontext; traceparent=00-TRACE-SPAN-01|tracestate=congo=1,1abc=2,foo@=3;"
            + " traceparent=00-TRACE-\\w{16}-01|tracestate=congo=1,1abc=2,foo@=3",
      })
  void whatCameInGoesOutWithTheLocalSpansId(String format, String in, String expectedOut)
      throws IOException {
    route(format, TracebridgePropagators.named(format));
    String[] pairs = in.replace("TRACE", TRACE).replace("SPAN", SPAN).split("\\|");
    String[] headers = new String[pairs.length * 2];
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      headers[2 * i] = pairs[i].substring(0, eq);
      headers[2 * i + 1] = pairs[i].substring(eq + 1);
    }

    Map<String, String> out = send(format, headers);

    StringBuilder traceHeaders = new StringBuilder();
    for (String name :
        List.of(
            "b3",
            "traceparent",
            "tracestate",
            "uber-trace-id",
            "x-b3-flags",
            "x-b3-sampled",
            "x-b3-spanid",
            "x-b3-traceid")) {
      if (out.containsKey(name)) {
        traceHeaders
            .append(traceHeaders.length() == 0 ? "" : "|")
            .append(name)
            .append('=')
            .append(out.get(name));
      }
    }
    assertThat(traceHeaders.toString())
        .matches(expectedOut.replace("TRACE", TRACE).replace("|", "\\|"));
    assertThat(traceHeaders.toString()).doesNotContain(SPAN); // the local client span's id went out
  }
}
