package io.tracebridge.filter;

import io.tracebridge.Level;
import io.tracebridge.internal.Setting;
import io.tracebridge.subscriber.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A {@link Filter} configured with {@code RUST_LOG}-style directives: {@code
 * info,com.acme.db=debug,com.acme.http=warn}.
 *
 * <p>Syntax: directives separated by commas; white space around them is ignored, as are empty ones.
 *
 * <ul>
 *   <li>{@code LEVEL}: the default for every target that no other directive matches.
 *   <li>{@code TARGET=LEVEL}: the level for targets that start with {@code TARGET} at a name
 *       boundary ({@code com.acme.db} matches {@code com.acme.db} and {@code com.acme.db.Pool}, not
 *       {@code com.acme.dbx}).
 *   <li>{@code TARGET}: all levels for that target, like {@code TARGET=trace}.
 * </ul>
 *
 * Levels are {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} and {@code
 * off}, in any case. The most specific (longest) matching target wins; for the same target, the
 * last directive wins. With no bare level, unmatched targets are off, as in {@code tracing}'s
 * {@code EnvFilter}. Span-name directives ({@code target[span]=level}) are not supported and are
 * rejected.
 *
 * <p>Parsing fails fast: a malformed directive throws an {@link IllegalArgumentException} naming
 * it. So does a bare word within two edits of a level name ({@code inf}, {@code warnn}, {@code
 * degub}): read as a target, it would turn everything else off. Write {@code word=trace} if you do
 * mean a target of that name. Any other bare word with no {@code .}, {@code $} or {@code :} is read
 * as a target, with one WARNING that says so. Immutable and thread-safe.
 */
public final class EnvFilter implements Filter {
  /** The environment variable read by {@link #fromEnv()}. */
  public static final String ENV_VAR = "TRACEBRIDGE_LOG";

  /** The system property read by {@link #fromEnv()}; it wins over the environment variable. */
  public static final String PROPERTY = "tracebridge.log";

  private static final int OFF = 5;

  private final String source;
  private final int defaultOrdinal;
  private final String[] targets;
  private final int[] ordinals;

  private EnvFilter(String source, int defaultOrdinal, List<Directive> directives) {
    this.source = source;
    this.defaultOrdinal = defaultOrdinal;
    this.targets = new String[directives.size()];
    this.ordinals = new int[directives.size()];
    for (int i = 0; i < directives.size(); i++) {
      targets[i] = directives.get(i).target;
      ordinals[i] = directives.get(i).ordinal;
    }
  }

  private record Directive(String target, int ordinal) {}

  /**
   * Parses directives.
   *
   * @param directives the directives, e.g. {@code "info,com.acme.db=debug"}
   * @return the filter
   * @throws IllegalArgumentException if a directive is malformed; the message names it
   */
  public static EnvFilter parse(String directives) {
    return parse(directives, "directive");
  }

  /**
   * Reads directives from the {@code tracebridge.log} system property, else the {@code
   * TRACEBRIDGE_LOG} environment variable, else uses {@code info}.
   *
   * @return the filter
   * @throws IllegalArgumentException if the configured value is malformed; the message names the
   *     variable and the directive
   */
  public static EnvFilter fromEnv() {
    return fromEnv("info");
  }

  /**
   * Reads directives like {@link #fromEnv()}, falling back to {@code defaultDirectives}.
   *
   * @param defaultDirectives the directives to use when neither the property nor the variable is
   *     set
   * @return the filter
   * @throws IllegalArgumentException if the value used is malformed; the message names its source
   */
  public static EnvFilter fromEnv(String defaultDirectives) {
    return fromEnv(PROPERTY, ENV_VAR, defaultDirectives);
  }

  /**
   * Reads directives from the system property {@code property}, else the environment variable
   * {@code variable}, else uses {@code defaultDirectives}: for settings of their own, such as the
   * export filter of {@code OtelSetup} ({@code TRACEBRIDGE_EXPORT_LOG}).
   *
   * @param property the system property, which wins
   * @param variable the environment variable
   * @param defaultDirectives the directives to use when neither is set
   * @return the filter
   * @throws IllegalArgumentException if the value used is malformed; the message names its source
   */
  public static EnvFilter fromEnv(String property, String variable, String defaultDirectives) {
    Setting setting = Setting.read(property, variable);
    return setting == null
        ? parse(defaultDirectives, "default directive")
        : parse(setting.value(), setting.origin());
  }

  private static EnvFilter parse(String text, String origin) {
    Objects.requireNonNull(text, "directives");
    int defaultOrdinal = OFF;
    List<Directive> directives = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String directive = raw.trim();
      if (directive.isEmpty()) {
        continue;
      }
      int eq = directive.indexOf('=');
      if (eq < 0) {
        Integer ordinal = levelOrdinal(directive);
        if (ordinal != null) {
          defaultOrdinal = ordinal;
        } else {
          checkTarget(directive, directive, text, origin);
          checkNotALevelTypo(directive, text, origin);
          putLast(directives, directive, Level.TRACE.ordinal());
        }
        continue;
      }
      String target = directive.substring(0, eq).trim();
      String level = directive.substring(eq + 1).trim();
      checkTarget(target, directive, text, origin);
      Integer ordinal = levelOrdinal(level);
      if (ordinal == null) {
        throw invalid(
            directive,
            text,
            origin,
            "unknown level '"
                + level
                + "' (expected trace, debug, info, warn, error, off, or 0-5)");
      }
      putLast(directives, target, ordinal);
    }
    directives.sort(Comparator.comparingInt((Directive d) -> d.target.length()).reversed());
    return new EnvFilter(text, defaultOrdinal, directives);
  }

  private static final String[] LEVEL_NAMES = {
    "trace", "debug", "info", "warn", "warning", "error", "off"
  };

  /**
   * Rejects a bare word that is a near miss of a level name, and warns about any other bare word
   * that does not look like a class or package name: both are read as targets, which silently turns
   * every other target off.
   */
  private static void checkNotALevelTypo(String word, String text, String origin) {
    if (word.indexOf('.') >= 0 || word.indexOf('$') >= 0 || word.indexOf(':') >= 0) {
      return;
    }
    String lower = word.toLowerCase(Locale.ROOT);
    for (String level : LEVEL_NAMES) {
      if (editDistance(lower, level) <= 2) {
        throw invalid(
            word,
            text,
            origin,
            "'"
                + word
                + "' is not a level; did you mean '"
                + level
                + "'? (a bare word is read as"
                + " a target, which would turn everything else off; write '"
                + word
                + "=trace' if you mean a target)");
      }
    }
    Logger.getLogger(EnvFilter.class.getName())
        .warning(
            origin
                + " \""
                + text
                + "\": '"
                + word
                + "' is not a level, so it is read as the target '"
                + word
                + "' at every level, and targets no directive names are off. If you meant a"
                + " level, use trace, debug, info, warn, error, off or 0-5.");
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and transpositions. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** Adds a directive for {@code target}, replacing an earlier one: the last directive wins. */
  private static void putLast(List<Directive> directives, String target, int ordinal) {
    directives.removeIf(d -> d.target.equals(target));
    directives.add(new Directive(target, ordinal));
  }

  private static void checkTarget(String target, String directive, String text, String origin) {
    if (target.isEmpty()) {
      throw invalid(directive, text, origin, "the target before '=' is empty");
    }
    if (target.indexOf('[') >= 0 || target.indexOf('{') >= 0) {
      throw invalid(
          directive, text, origin, "span-name directives (target[span]=level) are not supported");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (!(Character.isLetterOrDigit(c)
          || c == '.'
          || c == '_'
          || c == '$'
          || c == ':'
          || c == '-')) {
        throw invalid(directive, text, origin, "the target '" + target + "' contains '" + c + "'");
      }
    }
  }

  /**
   * Returns the ordinal a level name stands for, or {@code null}. As Rust's {@code LevelFilter},
   * the digits {@code 0} to {@code 5} are levels too: {@code 0} is off, {@code 1} error, up to
   * {@code 5} trace.
   */
  private static Integer levelOrdinal(String name) {
    if (name.toLowerCase(Locale.ROOT).equals("off")) {
      return OFF;
    }
    if (name.length() == 1 && name.charAt(0) >= '0' && name.charAt(0) <= '5') {
      int digit = name.charAt(0) - '0';
      return digit == 0 ? OFF : Level.ERROR.ordinal() + 1 - digit;
    }
    Level level = Level.parseOrNull(name);
    return level == null ? null : level.ordinal();
  }

  private static IllegalArgumentException invalid(
      String directive, String text, String origin, String why) {
    return new IllegalArgumentException(
        "invalid " + origin + " '" + directive + "' in \"" + text + "\": " + why);
  }

  @Override
  public boolean enabled(Level level, String target) {
    return level.ordinal() >= ordinalFor(target);
  }

  private int ordinalFor(String target) {
    for (int i = 0; i < targets.length; i++) {
      String prefix = targets[i];
      if (target.startsWith(prefix)
          && (target.length() == prefix.length() || isBoundary(target.charAt(prefix.length())))) {
        return ordinals[i];
      }
    }
    return defaultOrdinal;
  }

  private static boolean isBoundary(char c) {
    return c == '.' || c == '$' || c == ':' || c == '-';
  }

  @Override
  public Level maxLevelHint() {
    int min = defaultOrdinal;
    for (int ordinal : ordinals) {
      min = Math.min(min, ordinal);
    }
    return min >= OFF ? null : Level.values()[min];
  }

  @Override
  public String toString() {
    return "EnvFilter(" + source + ")";
  }
}
