package io.tracebridge.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.tracebridge.Level;

/**
 * What the layer keeps per target, made once: the tracer of its spans, and for each level the
 * {@code level} and {@code target} attributes of its events that carry no fields, so such an event
 * shares one immutable {@link Attributes} instead of building and sorting its own.
 */
final class TargetScope {
  static final AttributeKey<String> LEVEL = AttributeKey.stringKey("level");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("target");

  private static final Level[] LEVELS = Level.values();

  /** The tracer of this target's spans. */
  final Tracer tracer;

  private final Attributes[] levelAndTarget = new Attributes[LEVELS.length];

  TargetScope(Tracer tracer, String target) {
    this.tracer = tracer;
    for (Level level : LEVELS) {
      levelAndTarget[level.ordinal()] = levelAndTarget(level, target);
    }
  }

  /** Returns the attributes of a field-less event of this target at {@code level}. */
  Attributes levelAndTarget(Level level) {
    return levelAndTarget[level.ordinal()];
  }

  /** Builds the attributes of a field-less event, for a target that has no scope. */
  static Attributes levelAndTarget(Level level, String target) {
    return Attributes.of(LEVEL, level.name(), TARGET, target);
  }
}
