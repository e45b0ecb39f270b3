package io.tracebridge.otel.setup;

import io.tracebridge.internal.Setting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where the export spool lives and how large it may grow, from the builder or from {@value
 * OtelSetup#SPOOL_ENV_VAR} and {@value OtelSetup#SPOOL_MAX_BYTES_ENV_VAR} (or their system
 * properties); a malformed value fails install and names itself.
 */
record SpoolSettings(Path directory, long maxBytes) {
  /** The default cap: 64 MiB. */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  /** The smallest cap accepted: 64 KiB, a few batches of small spans. */
  static final long MIN_MAX_BYTES = 64L << 10;

  /** The settings from the builder's values, else the environment; null if the spool is off. */
  static @Nullable SpoolSettings resolve(@Nullable Path directory, @Nullable Long maxBytes) {
    Path dir = directory;
    if (dir == null) {
      Setting setting = Setting.read(OtelSetup.SPOOL_PROPERTY, OtelSetup.SPOOL_ENV_VAR);
      if (setting == null || setting.value().isBlank()) {
        Setting cap =
            Setting.read(OtelSetup.SPOOL_MAX_BYTES_PROPERTY, OtelSetup.SPOOL_MAX_BYTES_ENV_VAR);
        if (maxBytes != null || cap != null) {
          java.util.logging.Logger.getLogger(OtelSetup.class.getName())
              .warning(
                  "the export spool's cap ("
                      + (cap != null ? cap.origin() : "exportSpoolMaxBytes")
                      + ") is ignored: the spool is off; set "
                      + OtelSetup.SPOOL_ENV_VAR
                      + " (or exportSpool) to a directory to turn it on");
        }
        return null;
      }
      try {
        dir = Path.of(setting.value().trim());
      } catch (InvalidPathException e) {
        throw setting.invalid("not a directory path: " + e.getMessage());
      }
    }
    long max;
    if (maxBytes != null) {
      max = maxBytes;
    } else {
      Setting setting =
          Setting.read(OtelSetup.SPOOL_MAX_BYTES_PROPERTY, OtelSetup.SPOOL_MAX_BYTES_ENV_VAR);
      max = setting == null ? DEFAULT_MAX_BYTES : parseBytes(setting);
    }
    if (max < MIN_MAX_BYTES) {
      throw new IllegalArgumentException(
          "the export spool's cap of " + max + " bytes is below the minimum, " + MIN_MAX_BYTES);
    }
    return new SpoolSettings(dir, max);
  }

  /**
   * The spool's subdirectory for this service: its {@code service.name} (from {@code
   * OTEL_SERVICE_NAME}, {@code OTEL_RESOURCE_ATTRIBUTES} or the builder's resource default), with
   * anything but letters, digits, dot, dash and underscore replaced by an underscore.
   */
  static String serviceDirectory(
      io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties config,
      java.util.Map<String, String> resourceDefaults) {
    String name = config.getString("otel.service.name");
    if (name == null || name.isBlank()) {
      name = config.getMap("otel.resource.attributes").get("service.name");
    }
    if (name == null || name.isBlank()) {
      name = resourceDefaults.getOrDefault("service.name", "unknown_service");
    }
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Parses a size: a whole number of bytes, or with the unit KiB, MiB or GiB ({@code 64MiB}). */
  static long parseBytes(Setting setting) {
    String v = setting.value().trim().toLowerCase(Locale.ROOT).replace(" ", "");
    long unit = 1;
    if (v.endsWith("kib")) {
      unit = 1L << 10;
    } else if (v.endsWith("mib")) {
      unit = 1L << 20;
    } else if (v.endsWith("gib")) {
      unit = 1L << 30;
    }
    String number = unit == 1 ? v : v.substring(0, v.length() - 3);
    try {
      long value = Long.parseLong(number);
      if (value > 0 && value <= Long.MAX_VALUE / unit) {
        return value * unit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw setting.invalid("not a size (expected e.g. 67108864, 512KiB or 64MiB)");
  }
}
