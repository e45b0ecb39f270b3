package io.tracebridge.otel.setup;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test class path in a fresh JVM with a clean OpenTelemetry environment.
 */
final class ChildJvm {
  record Result(int exitCode, String stdout, String stderr) {}

  private ChildJvm() {}

  /** An environment value that removes the variable (ChildJvm sets some by default). */
  static final String UNSET = "<unset>";

  /** The test class path without OpenTelemetry's extension propagators: tracebridge alone. */
  static final String WITHOUT_OTEL_PROPAGATORS = "opentelemetry-extension-trace-propagators";

  static Result run(Class<?> main, Map<String, String> env, String... args) throws Exception {
    return runWithout(WITHOUT_OTEL_PROPAGATORS, main, env, args);
  }

  /**
   * Runs {@code main} with the class path entries whose path contains {@code excluded} left out.
   */
  static Result runWithout(String excluded, Class<?> main, Map<String, String> env, String... args)
      throws Exception {
    ProcessBuilder builder = builder(excluded, main, env, args);
    File out = File.createTempFile("child", ".out");
    File err = File.createTempFile("child", ".err");
    builder.redirectOutput(out).redirectError(err);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM did not finish in 60 s: " + builder.command());
    }
    Result result =
        new Result(
            process.exitValue(),
            java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
            java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
    out.delete();
    err.delete();
    return result;
  }

  /**
   * Starts {@code main} and returns at once, its standard output going to {@code out} and its
   * standard error to {@code err}: for a test that kills it.
   */
  static Process start(Class<?> main, Map<String, String> env, File out, File err, String... args)
      throws Exception {
    return builder(WITHOUT_OTEL_PROPAGATORS, main, env, args)
        .redirectOutput(out)
        .redirectError(err)
        .start();
  }

  private static ProcessBuilder builder(
      String excluded, Class<?> main, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-cp");
    command.add(
        java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> excluded.isEmpty() || !entry.contains(excluded))
            .collect(java.util.stream.Collectors.joining(File.pathSeparator)));
    command.add(main.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("TRACEBRIDGE_"));
    builder.environment().put("OTEL_METRICS_EXPORTER", "none");
    builder.environment().put("OTEL_LOGS_EXPORTER", "none");
    builder.environment().putAll(env);
    builder.environment().values().removeIf(UNSET::equals);
    return builder;
  }
}
