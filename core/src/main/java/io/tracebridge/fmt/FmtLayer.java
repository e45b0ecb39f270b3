package io.tracebridge.fmt;

import io.tracebridge.Dispatch;
import io.tracebridge.Fields;
import io.tracebridge.Registry;
import io.tracebridge.filter.EnvFilter;
import io.tracebridge.internal.Setting;
import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.subscriber.TraceIds;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The console layer, {@code tracing-subscriber}'s {@code fmt}: prints events, with the spans they
 * happened in, to standard output or a stream of your choice.
 *
 * <p>Formats ({@link Format}):
 *
 * <ul>
 *   <li>{@code FULL} (default): {@code 2024-01-01T00:00:00.000000Z INFO main
 *       app-start:process_request{id="req-1"}: com.acme.App: Processing request user_id=42}
 *   <li>{@code COMPACT}: span names in the prefix, span fields after the event's.
 *   <li>{@code PRETTY}: several lines per event, for development.
 *   <li>{@code JSON}: one object per line, with typed values.
 * </ul>
 *
 * <p>With {@link Builder#spanCloseEvents(boolean)}, each span's close prints a line {@code close
 * time.busy=1.20ms time.idle=100ms}: busy is the time some thread had the span entered, idle the
 * rest of its life, across threads and asynchronous suspension.
 *
 * <p>Each line is written with one call, so lines from concurrent threads do not interleave.
 * Writing is synchronous: point the layer at a stream that does not block for long. No ANSI colours
 * are written. Thread-safe.
 */
public final class FmtLayer implements Subscriber {
  /** The environment variable read by {@link #fromEnv()} to choose the format. */
  public static final String FORMAT_ENV_VAR = "TRACEBRIDGE_LOG_FORMAT";

  /** The system property read by {@link #fromEnv()}; it wins over the environment variable. */
  public static final String FORMAT_PROPERTY = "tracebridge.log.format";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** The output formats. */
  public enum Format {
    /** One line per event with span names and fields; the default. */
    FULL,
    /** One line per event, span names only in the prefix. */
    COMPACT,
    /** Several lines per event. */
    PRETTY,
    /** One JSON object per line. */
    JSON;

    /**
     * Parses a format name, ignoring case.
     *
     * @param name {@code full}, {@code compact}, {@code pretty} or {@code json}
     * @return the format
     * @throws IllegalArgumentException if {@code name} is not a format; the message names it
     */
    public static Format parse(String name) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(name.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown log format '" + name + "' (expected full, compact, pretty or json)");
    }
  }

  private final Format format;
  private final LineFormat renderer;
  private final PrintStream out;
  private final Clock clock;
  private final boolean threadNames;
  private final boolean targets;
  private final boolean spanCloseEvents;
  private final boolean traceIds;

  private FmtLayer(Builder b) {
    this.format = b.format;
    this.renderer = rendererFor(b.format);
    this.out = b.out;
    this.clock = b.clock;
    this.threadNames = b.threadNames;
    this.targets = b.targets;
    this.spanCloseEvents = b.spanCloseEvents;
    this.traceIds = b.traceIds;
  }

  private static LineFormat rendererFor(Format format) {
    switch (format) {
      case COMPACT:
        return new CompactFormat();
      case PRETTY:
        return new PrettyFormat();
      case JSON:
        return new JsonFormat();
      default:
        return new FullFormat();
    }
  }

  /**
   * Returns a builder with the defaults: full format, standard output, thread names and targets on,
   * no span-close lines.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a layer whose format comes from the {@code tracebridge.log.format} system property,
   * else the {@code TRACEBRIDGE_LOG_FORMAT} environment variable, else {@code full}; text lines end
   * with the trace ids if {@code tracebridge.log.trace_ids} / {@code TRACEBRIDGE_LOG_TRACE_IDS} is
   * {@code true} (see {@link Builder#traceIds}).
   *
   * @return the layer
   * @throws IllegalArgumentException if the configured format is unknown, or the trace-ids setting
   *     is neither {@code true} nor {@code false}; the message names it
   */
  public static FmtLayer fromEnv() {
    return builder().format(formatFromEnv()).traceIds(traceIdsFromEnv()).build();
  }

  /** The system property read by {@link #fromEnv()} for {@link Builder#traceIds}. */
  public static final String TRACE_IDS_PROPERTY = "tracebridge.log.trace_ids";

  /** The environment variable read by {@link #fromEnv()} for {@link Builder#traceIds}. */
  public static final String TRACE_IDS_ENV_VAR = "TRACEBRIDGE_LOG_TRACE_IDS";

  static boolean traceIdsFromEnv() {
    return Setting.bool(TRACE_IDS_PROPERTY, TRACE_IDS_ENV_VAR, false);
  }

  static Format formatFromEnv() {
    Setting setting = Setting.read(FORMAT_PROPERTY, FORMAT_ENV_VAR);
    if (setting == null) {
      return Format.FULL;
    }
    try {
      return Format.parse(setting.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + setting.origin() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Installs, as the global default, a registry with this layer configured by {@link #fromEnv()}
   * and filtered by {@link EnvFilter#fromEnv()}: the counterpart of {@code
   * tracing_subscriber::fmt::init()}. Call it once at startup.
   *
   * @throws IllegalArgumentException if {@code TRACEBRIDGE_LOG} or the format setting is malformed
   * @throws IllegalStateException if a global default is already set
   */
  public static void init() {
    Dispatch.setGlobalDefault(Registry.builder().with(fromEnv(), EnvFilter.fromEnv()).build());
  }

  /**
   * Returns the format.
   *
   * @return the format
   */
  public Format format() {
    return format;
  }

  @Override
  public void onNewSpan(SpanData span) {
    span.extensions().put(this, renderer.renderSpanFields(VisibleFields.of(span.fields())));
  }

  @Override
  public void onRecord(SpanData span, Fields values) {
    span.extensions().put(this, renderer.renderSpanFields(VisibleFields.of(span.fields())));
  }

  @Override
  public void onEvent(EventData event) {
    write(
        new FmtLine(
            event.epochNanos(),
            event.level(),
            Thread.currentThread().getName(),
            event.target(),
            event.message(),
            VisibleFields.of(event.fields()),
            scopeOf(event.parent()),
            false,
            idsOf(event.parent())));
  }

  @Override
  public void onClose(SpanData span) {
    if (!spanCloseEvents) {
      return;
    }
    Fields timings =
        new CloseTimings(
            TextValues.duration(span.busyNanos()), TextValues.duration(span.idleNanos()));
    // The span's own anchor, as its events use: the close line never sorts before them.
    long nowEpochNanos = span.startEpochNanos() + (System.nanoTime() - span.startNanoTime());
    write(
        new FmtLine(
            nowEpochNanos,
            span.level(),
            Thread.currentThread().getName(),
            span.target(),
            "close",
            timings,
            scopeOf(span),
            true,
            idsOf(span)));
  }

  /** The ids for the line, looked up only when the line prints them. */
  private @Nullable TraceIds idsOf(@Nullable SpanData span) {
    return traceIds || format == Format.JSON ? TraceIds.nearest(span) : null;
  }

  private List<FmtLine.ScopeEntry> scopeOf(SpanData innermost) {
    if (innermost == null) {
      return List.of();
    }
    List<FmtLine.ScopeEntry> scope = new ArrayList<>(4);
    for (SpanData s = innermost; s != null; s = s.parent()) {
      Object rendered = s.extensions().get(this);
      if (rendered instanceof String) {
        scope.add(new FmtLine.ScopeEntry(s.name(), (String) rendered));
      }
    }
    Collections.reverse(scope);
    return scope;
  }

  private void write(FmtLine line) {
    long nanos = clock == null ? line.epochNanos() : toNanos(clock.instant());
    String timestamp = TIMESTAMP.format(Instant.ofEpochSecond(0, nanos));
    StringBuilder text = new StringBuilder(160);
    renderer.renderLine(line, timestamp, threadNames, targets, text);
    if (traceIds && format != Format.JSON && line.ids() != null) {
      text.append(" trace_id=")
          .append(line.ids().traceId())
          .append(" span_id=")
          .append(line.ids().spanId());
    }
    PrintStream stream = out != null ? out : System.out;
    stream.println(text);
  }

  private static long toNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @Override
  public String toString() {
    return "FmtLayer(" + format + ")";
  }

  /** Configures a {@link FmtLayer}. Not thread-safe. */
  public static final class Builder {
    private Format format = Format.FULL;
    private PrintStream out;
    private Clock clock;
    private boolean threadNames = true;
    private boolean targets = true;
    private boolean spanCloseEvents;
    private boolean traceIds;

    private Builder() {}

    /**
     * Sets whether text lines ({@code full}, {@code compact}, {@code pretty}) end with {@code
     * trace_id=... span_id=...} of the nearest span that has distributed ids (default off; the
     * OpenTelemetry layer gives them). JSON lines always carry {@code trace_id} and {@code span_id}
     * when there are ids.
     *
     * @param enabled whether to print the ids on text lines
     * @return this builder
     */
    public Builder traceIds(boolean enabled) {
      this.traceIds = enabled;
      return this;
    }

    /**
     * Sets the format.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(Format format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets where lines go. By default they go to whatever {@link System#out} is at the time of each
     * line, so redirecting standard output redirects the layer too.
     *
     * @param out the stream
     * @return this builder
     */
    public Builder output(PrintStream out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * Sets the clock used for timestamps instead of the time each event was recorded, for tests.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets whether lines show the thread name (default on).
     *
     * @param enabled whether to show it
     * @return this builder
     */
    public Builder threadNames(boolean enabled) {
      this.threadNames = enabled;
      return this;
    }

    /**
     * Sets whether lines show the target (default on).
     *
     * @param enabled whether to show it
     * @return this builder
     */
    public Builder targets(boolean enabled) {
      this.targets = enabled;
      return this;
    }

    /**
     * Sets whether a line is printed when each span closes, with its busy and idle time (default
     * off).
     *
     * @param enabled whether to print close lines
     * @return this builder
     */
    public Builder spanCloseEvents(boolean enabled) {
      this.spanCloseEvents = enabled;
      return this;
    }

    /**
     * Builds the layer.
     *
     * @return the layer
     */
    public FmtLayer build() {
      return new FmtLayer(this);
    }
  }
}
