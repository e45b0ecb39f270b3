package io.tracebridge.benchmarks;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A stream that discards what it is given, so logging benchmarks measure formatting, not I/O; it
 * counts the bytes, so a set-up can check that its logger really writes.
 */
public final class NullOutput extends OutputStream {
  private long bytes;

  /** Returns how many bytes were written. */
  public long bytes() {
    return bytes;
  }

  /** A print stream over this stream, as a console would be. */
  public PrintStream printStream() {
    return new PrintStream(this, false);
  }

  @Override
  public void write(int b) {
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
  }
}
