/**
 * Filters by level and target: {@link io.tracebridge.filter.EnvFilter} parses {@code
 * TRACEBRIDGE_LOG}-style directives such as {@code info,io.grpc=warn}.
 */
package io.tracebridge.filter;
