/**
 * Support for the JMH benchmarks (the shared OpenTelemetry SDK, Micrometer, exporters, a local OTLP
 * receiver). The benchmarks themselves live in the packages of the code they measure ({@code
 * io.tracebridge}, {@code .propagation}, {@code .okhttp}, {@code .grpc}, {@code .otel.setup}), as
 * opentelemetry-java's do. They run tracebridge side by side with its peers, in the same run: the
 * disabled path (against SLF4J and the OTel no-op tracer), enabled and nested bridged spans
 * (against the raw OTel API on the same SDK, and Micrometer Observation), propagation (against
 * OTel's propagators), OkHttp (against {@code OkHttpTelemetry}), gRPC (against {@code
 * GrpcTelemetry}) and OTLP export throughput.
 *
 * <p>Run them with {@code ./bench}; {@code scripts/bench-report.py} turns the JSON into {@code
 * docs/benchmarks.md}.
 */
package io.tracebridge.benchmarks;
