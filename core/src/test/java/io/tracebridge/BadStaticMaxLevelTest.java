package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.fmt.FmtLayer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bad {@code tracebridge.max_level} is read once, at class initialisation, so it is tested in a
 * JVM of its own that sets it.
 */
class BadStaticMaxLevelTest {
  /** Runs in the child JVM: spans and events first, then the application's {@code init()}. */
  public static void main(String[] args) {
    Tracer tracer = Tracer.named("bad.max.Level");
    for (int i = 0; i < 3; i++) {
      try (EnteredSpan span = tracer.infoSpan("request").entered()) {
        tracer.info("inside");
      }
    }
    System.out.println("spans ran");
    try {
      FmtLayer.init();
      System.out.println("init accepted the value");
    } catch (IllegalArgumentException e) {
      System.out.println("init failed: " + e.getMessage());
    }
  }

  @Test
  void aValueThatIsNotALevelNeverThrowsAtACallSiteAndFailsInitNamingTheValue() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Dtracebridge.max_level=verbose",
                    "-cp",
                    System.getProperty("java.class.path"),
                    BadStaticMaxLevelTest.class.getName()))
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("spans ran")
        .contains("init failed: system property tracebridge.max_level='verbose' is not a level")
        .doesNotContain("ExceptionInInitializerError")
        .doesNotContain("NoClassDefFoundError");
    assertThat(output.split("running with no static ceiling", -1)).hasSize(2);
  }
}
