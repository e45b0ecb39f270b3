package io.tracebridge.okhttp;

import io.opentelemetry.instrumentation.okhttp.v3_0.OkHttpTelemetry;
import io.tracebridge.benchmarks.BenchOtel;
import io.tracebridge.benchmarks.NoDelayServerSocketFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Target 5: a GET to MockWebServer over loopback with one shared client and connection pool,
 * untraced, through our call factory, and through OTel's {@code OkHttpTelemetry}, both on the
 * shared SDK. The figure that matters is the overhead each adds to the untraced call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OkHttpBenchmark {
  private MockWebServer server;
  private OkHttpClient client;
  private Call.Factory tracebridge;
  private Call.Factory otel;
  private Request request;

  @Setup
  public void setUp() throws IOException {
    BenchOtel.install();
    server = new MockWebServer();
    // Without TCP_NODELAY, MockWebServer's separate header and body writes meet delayed ACKs and
    // every call takes about 40 ms on Linux loopback, hiding any tracing cost.
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest recorded) {
            return new MockResponse.Builder().code(200).body("ok").build();
          }
        });
    server.start();
    client = new OkHttpClient();
    tracebridge = OkHttpTracing.create().newCallFactory(client);
    otel = OkHttpTelemetry.builder(BenchOtel.SDK).build().createCallFactory(client);
    request = new Request.Builder().url(server.url("/inventory/42")).build();
  }

  /** MockWebServer keeps every request it saw; drop them so memory stays flat across iterations. */
  @TearDown(Level.Iteration)
  public void drain() throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.SECONDS) != null) {
      // discard
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private static String get(Call.Factory factory, Request request) throws IOException {
    try (Response response = factory.newCall(request).execute()) {
      return response.body().string();
    }
  }

  @Benchmark
  public String untraced() throws IOException {
    return get(client, request);
  }

  @Benchmark
  public String tracebridge() throws IOException {
    return get(tracebridge, request);
  }

  @Benchmark
  public String otelOkHttpTelemetry() throws IOException {
    return get(otel, request);
  }
}
