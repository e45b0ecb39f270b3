package io.tracebridge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The demo's build version, from {@code demo-version.properties} (filtered by Maven). */
public final class DemoVersion {
  private DemoVersion() {}

  /**
   * Returns the version the demo was built as: its services' {@code service.version}.
   *
   * @return the version, or {@code unknown} if the build did not record it
   */
  public static String get() {
    try (InputStream in = DemoVersion.class.getResourceAsStream("demo-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
