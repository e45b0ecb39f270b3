package io.tracebridge.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws one trace as a waterfall in the terminal: a line per span, indented by depth, with its
 * service, name, a bar placed on the trace's timeline, the duration, and its status.
 */
public final class Waterfall {
  private static final int BAR = 40;

  private Waterfall() {}

  /**
   * Renders the spans of one trace.
   *
   * @param spans the spans of one trace, in any order
   * @return the lines
   */
  public static List<String> render(List<DemoSpan> spans) {
    List<String> lines = new ArrayList<>();
    if (spans.isEmpty()) {
      return lines;
    }
    long start = spans.stream().mapToLong(DemoSpan::startNanos).min().orElse(0);
    long end = spans.stream().mapToLong(DemoSpan::endNanos).max().orElse(start + 1);
    long width = Math.max(1, end - start);
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.spanId()));
    boolean anyError = spans.stream().anyMatch(DemoSpan::error);
    lines.add(
        String.format(
            Locale.ROOT,
            "trace %s  %d spans  %.1f ms  %s",
            spans.get(0).traceId(),
            spans.size(),
            width / 1e6,
            anyError ? "ERROR" : "OK"));
    List<String[]> rows = new ArrayList<>();
    spans.stream()
        .filter(s -> s.parentSpanId().isEmpty() || !ids.contains(s.parentSpanId()))
        .sorted(Comparator.comparingLong(DemoSpan::startNanos))
        .forEach(root -> draw(root, 0, spans, start, width, rows));
    // Labels are never cut: the column is as wide as the longest.
    int labelWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    for (String[] row : rows) {
      lines.add(
          String.format(
              Locale.ROOT, "  %-9s %-" + labelWidth + "s |%s| %8s ms  %s", (Object[]) row));
    }
    return lines;
  }

  private static void draw(
      DemoSpan span, int depth, List<DemoSpan> all, long start, long width, List<String[]> rows) {
    int from = (int) ((span.startNanos() - start) * BAR / width);
    int length = Math.max(1, (int) (span.durationNanos() * BAR / width));
    from = Math.min(from, BAR - 1);
    length = Math.min(length, BAR - from);
    String bar = " ".repeat(from) + "█".repeat(length) + " ".repeat(BAR - from - length);
    String label = "  ".repeat(depth) + span.name() + kind(span.kind());
    rows.add(
        new String[] {
          span.service(),
          label,
          bar,
          String.format(Locale.ROOT, "%.2f", span.durationNanos() / 1e6),
          status(span)
        });
    all.stream()
        .filter(child -> child.parentSpanId().equals(span.spanId()))
        .sorted(Comparator.comparingLong(DemoSpan::startNanos))
        .forEach(child -> draw(child, depth + 1, all, start, width, rows));
  }

  /**
   * ok or ERROR, with the HTTP status or gRPC code beside it where the span has one: a 404 trace
   * whose spans all read "ok" but one puzzled people until they saw the 404 and NOT_FOUND.
   */
  private static String status(DemoSpan span) {
    String result = span.error() ? "ERROR" : "ok";
    String http = span.attributes().get("http.response.status_code");
    String grpc = span.attributes().get("rpc.status_code");
    if (http != null) {
      return result + " (HTTP " + http + ")";
    }
    return grpc != null ? result + " (" + grpc + ")" : result;
  }

  private static String kind(int kind) {
    switch (kind) {
      case 2:
        return " [server]";
      case 3:
        return " [client]";
      case 4:
        return " [producer]";
      case 5:
        return " [consumer]";
      default:
        return "";
    }
  }
}
