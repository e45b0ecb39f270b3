package io.tracebridge.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts demo services as separate JVMs on this machine's loopback, and stops them. */
public final class DemoProcesses {
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
   * Returns a free loopback port.
   *
   * @return the port
   * @throws IOException if none can be had
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
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
