package io.tracebridge;

/** Level rendering shared by the text formats. */
final class Levels {
  private Levels() {}

  /** Appends the level name right-aligned in five characters, as {@code tracing} does. */
  static void appendPadded(Level level, StringBuilder out) {
    String name = level.name();
    for (int i = name.length(); i < 5; i++) {
      out.append(' ');
    }
    out.append(name);
  }
}
