/**
 * Test support: a {@link io.tracebridge.testing.RecordingSubscriber} that records every span and
 * event so tests can assert hierarchy, fields, levels and lifecycles. It has no dependencies and
 * can be used from any module's tests, and from users' tests of their own instrumentation.
 */
package io.tracebridge.testing;
