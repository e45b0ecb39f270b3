package io.tracebridge.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Starts demo services as separate JVMs on this machine's loopback, and stops them. */
public final class DemoProcesses {
  // Ports freePort chooses itself start here, well above the well-known and registered services.
  private static final int LOWEST_CHOSEN_PORT = 20_000;
  private static final Random RANDOM = new Random();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  // Read once: the range is the kernel's setting, not something that changes between calls.
  private static final int EPHEMERAL_RANGE_START = ephemeralRangeStart();

  private DemoProcesses() {}

  /**
   * Starts {@code main} in a new JVM with this JVM's class path, standard output to {@code
   * logs/<name>.log}, and a clean {@code OTEL_*}/{@code TRACEBRIDGE_*} environment plus {@code
   * env}.
   *
   * @param name the service name, also {@code OTEL_SERVICE_NAME}
   * @param main the main class
   * @param env extra environment variables
   * @param logs where its console output goes
   * @return the process; its standard error is left to the caller
   * @throws IOException if it cannot start
   */
  public static Process start(String name, Class<?> main, Map<String, String> env, Path logs)
      throws IOException {
    return builder(name, main, List.of(), env, logs).start();
  }

  /**
   * Starts {@code main} like {@link #start}, with extra JVM options, and with standard error too
   * going to a file, {@code logs/<name>.err}.
   *
   * @param name the service name, also {@code OTEL_SERVICE_NAME}
   * @param main the main class
   * @param jvmOptions options before the main class, e.g. {@code -Xmx128m}
   * @param env extra environment variables
   * @param logs where its console output goes
   * @return the process
   * @throws IOException if it cannot start
   */
  public static Process start(
      String name, Class<?> main, List<String> jvmOptions, Map<String, String> env, Path logs)
      throws IOException {
    ProcessBuilder builder = builder(name, main, jvmOptions, env, logs);
    builder.redirectError(logs.resolve(name + ".err").toFile());
    return builder.start();
  }

  private static ProcessBuilder builder(
      String name, Class<?> main, List<String> jvmOptions, Map<String, String> env, Path logs) {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("TRACEBRIDGE_"));
    builder.environment().put("OTEL_SERVICE_NAME", name);
    builder.environment().put("OTEL_METRICS_EXPORTER", "none");
    builder.environment().put("OTEL_LOGS_EXPORTER", "none");
    builder.environment().put("OTEL_BSP_SCHEDULE_DELAY", "100");
    builder.environment().put("TRACEBRIDGE_LOG", "info");
    builder.environment().put("TRACEBRIDGE_LOG_TRACE_IDS", "true");
    builder.environment().putAll(env);
    builder.redirectOutput(logs.resolve(name + ".log").toFile());
    return builder;
  }

  /**
   * Returns a free port for a process this one is about to start, below the kernel's ephemeral
   * range when it can.
   *
   * <p>A port the kernel hands out for a bind to port 0 comes from its ephemeral range, the range
   * it also gives every outgoing connection on the machine. Between our close and the other
   * process's bind, any such connection may take it, and that process then fails with "address
   * already in use" (seen with Jaeger in CI). A port below the range can only be taken by another
   * listener. The same port is never handed out twice by this JVM.
   *
   * @return the port
   * @throws IOException if none can be had
   */
  public static int freePort() throws IOException {
    int below = EPHEMERAL_RANGE_START;
    if (below - LOWEST_CHOSEN_PORT >= 1_000) {
      for (int attempt = 0; attempt < 100; attempt++) {
        int port = LOWEST_CHOSEN_PORT + RANDOM.nextInt(below - LOWEST_CHOSEN_PORT);
        if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
          return port;
        }
      }
    }
    // An unusual ephemeral range, or a crowded machine: take what the kernel gives.
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        int port = socket.getLocalPort();
        if (HANDED_OUT.add(port)) {
          return port;
        }
      }
    }
    throw new IOException("no free port after 200 attempts");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range, else the lowest of the usual ones (32768). */
  private static int ephemeralRangeStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /**
   * Waits until something listens on {@code port} on loopback, failing if {@code process} exits
   * first.
   *
   * @param port the port
   * @param process the process expected to listen, or {@code null}
   * @throws IOException if it exits or nothing listens within 60 seconds
   * @throws InterruptedException if interrupted
   */
  public static void awaitPort(int port, Process process) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IOException(
            "a demo service exited with " + process.exitValue() + " before listening on " + port);
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IOException("nothing listened on port " + port + " within 60 s");
  }

  /**
   * Stops a process gently (SIGTERM, so shutdown hooks flush spans), then forcibly after 30
   * seconds: a service closes its servers and then flushes for up to 10 seconds.
   *
   * @param process the process, or {@code null}
   * @throws InterruptedException if interrupted
   */
  public static void stop(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
