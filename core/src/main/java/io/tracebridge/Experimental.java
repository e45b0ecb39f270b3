package io.tracebridge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an API that may change incompatibly, or go, in a minor release, as grpc-java's
 * {@code @ExperimentalApi} does. Everything not marked follows semantic versioning from 1.0 on.
 *
 * <p>On a package it covers every type in the package.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({
  ElementType.TYPE,
  ElementType.METHOD,
  ElementType.CONSTRUCTOR,
  ElementType.FIELD,
  ElementType.PACKAGE
})
public @interface Experimental {
  /**
   * Says what may change, and why it is not settled yet.
   *
   * @return the reason, in a sentence
   */
  String value();
}
