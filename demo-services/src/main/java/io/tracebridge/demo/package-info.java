/** The demo services and the runnable examples of every seed scenario. Not published. */
package io.tracebridge.demo;
