/** The demo services and the runnable examples of every Rust `tracing` scenario. Not published. */
package io.tracebridge.demo;
