package io.tracebridge.slf4j.mdc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The lines the real backend (Logback or Log4j 2) wrote to its file since a mark. */
final class LogFile {
  private static final Pattern LINE =
      Pattern.compile(
          "trace_id=(\\S*) span_id=(\\S*) trace_flags=(\\S*) tenant=(\\S*) \\[([^\\]]*)\\] (.*)");

  /** One parsed line; empty strings where the MDC had no value. */
  record Line(
      String traceId, String spanId, String traceFlags, String tenant, String thread, String msg) {}

  private final Path path = Path.of(System.getProperty("tracebridge.test.logfile"));
  private long mark;

  /** The backend under test, {@code logback} or {@code log4j2}. */
  static String backend() {
    return System.getProperty("tracebridge.test.backend");
  }

  /** Forgets what was written so far. */
  void mark() {
    mark = size();
  }

  private long size() {
    try {
      return Files.exists(path) ? Files.size(path) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines written since the mark. */
  List<Line> lines() {
    try {
      byte[] all = Files.readAllBytes(path);
      String text = new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8);
      List<Line> lines = new ArrayList<>();
      for (String raw : text.split("\n")) {
        if (raw.isEmpty()) {
          continue;
        }
        Matcher m = LINE.matcher(raw);
        if (!m.matches()) {
          throw new AssertionError("unexpected log line: " + raw);
        }
        lines.add(new Line(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one line whose message is {@code msg}. */
  Line line(String msg) {
    List<Line> found = lines().stream().filter(l -> l.msg().equals(msg)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one line '" + msg + "', found " + found + " in " + lines());
    }
    return found.get(0);
  }
}
