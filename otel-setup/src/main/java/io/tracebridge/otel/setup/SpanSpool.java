package io.tracebridge.otel.setup;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * A bounded queue of span batches on local disk, oldest first: one file per batch, written to a
 * temporary name, forced to disk and then renamed, so a file under its final name is whole. The
 * name carries the batch's order and span count ({@code 00000000000000000042-512.spool}), so a file
 * that cannot be read is still counted exactly. At the byte cap the oldest batches go first, and
 * every span they held is counted; a batch larger than the whole cap is refused and counted.
 *
 * <p>One process at a time: opening takes an OS lock on {@code .lock} in the directory (released by
 * the OS when the process dies, even by SIGKILL), and a second opener fails with a message naming
 * the directory and the holder. Memory holds one small entry per file, never span data.
 */
final class SpanSpool implements Closeable {
  private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d+)\\.spool(\\.tmp)?");

  /** Each file: this magic, the payload's length, its CRC32C, then the payload. */
  private static final int FILE_MAGIC = 0x54425346; // "TBSF"

  private static final int HEADER = 4 + 4 + 8;

  /** One batch on disk. */
  record Entry(long sequence, int spans, long bytes, Path path) {}

  private final Path directory;
  private final long maxBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private @Nullable Entry inFlight;
  private long bytes;
  private long nextSequence;

  private final long restoredSpans;
  private final AtomicLong spooledSpans = new AtomicLong();
  private final AtomicLong deliveredSpans = new AtomicLong();
  private final AtomicLong cappedSpans = new AtomicLong();
  private final AtomicLong refusedSpans = new AtomicLong();
  private final AtomicLong corruptSpans = new AtomicLong();
  private final AtomicLong corruptFiles = new AtomicLong();

  private SpanSpool(Path directory, long maxBytes, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
    List<Entry> found = new ArrayList<>();
    long restored = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.spool*")) {
      for (Path file : files) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
          continue; // not ours
        }
        long sequence = Long.parseLong(name.group(1));
        int spans = Integer.parseInt(name.group(2));
        nextSequence = Math.max(nextSequence, sequence + 1);
        restored += spans;
        if (name.group(3) != null) {
          // A write that never reached its rename: the process died during it.
          corruptSpans.addAndGet(spans);
          corruptFiles.incrementAndGet();
          Files.deleteIfExists(file);
          continue;
        }
        found.add(new Entry(sequence, spans, Files.size(file), file));
      }
    }
    found.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    for (Entry entry : found) {
      entries.add(entry);
      bytes += entry.bytes();
    }
    this.restoredSpans = restored;
    makeRoom(0); // a smaller cap than the last run's: the oldest go now, counted
  }

  /**
   * Opens (creating if needed) the spool in {@code directory}.
   *
   * @throws IllegalArgumentException if the directory cannot be created or written
   * @throws IllegalStateException if another process holds it
   */
  static SpanSpool open(Path directory, long maxBytes) {
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      Path lockFile = directory.resolve(".lock");
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
        channel.close();
        throw new IllegalStateException(
            "the export spool directory "
                + directory
                + " is in use by another process"
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; give each process its own directory");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
          0);
      return new SpanSpool(directory, maxBytes, channel, lock);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // the open failed already; that is what the caller hears about
        }
      }
      throw new IllegalArgumentException(
          "the export spool directory " + directory + " cannot be used: " + e, e);
    }
  }

  /**
   * Appends a batch after every batch already spooled, dropping the oldest (counted) to stay under
   * the cap.
   *
   * @return false if the batch alone is larger than the cap (it is counted as refused)
   * @throws IOException if the disk refused the write (nothing is counted: the caller counts it)
   */
  boolean append(Collection<SpanData> spans) throws IOException {
    byte[] payload = SpanCodec.encode(spans);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer file = ByteBuffer.allocate(HEADER + payload.length);
    file.putInt(FILE_MAGIC).putInt(payload.length).putLong(crc.getValue()).put(payload).flip();
    long size = file.remaining();
    Path path;
    synchronized (this) {
      if (size > maxBytes) {
        refusedSpans.addAndGet(spans.size());
        return false;
      }
      makeRoom(size);
      long sequence = nextSequence++;
      path = directory.resolve(String.format("%020d-%d.spool", sequence, spans.size()));
      Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
      try (FileChannel out =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.DSYNC)) {
        while (file.hasRemaining()) {
          out.write(file);
        }
      } catch (IOException e) {
        Files.deleteIfExists(temporary);
        throw e;
      }
      try {
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path);
      }
      entries.add(new Entry(sequence, spans.size(), size, path));
      bytes += size;
    }
    spooledSpans.addAndGet(spans.size());
    return true;
  }

  /** Drops the oldest batches (never the one being delivered) until {@code size} more fits. */
  private void makeRoom(long size) throws IOException {
    Iterator<Entry> oldest = entries.iterator();
    while (bytes + size > maxBytes && oldest.hasNext()) {
      Entry entry = oldest.next();
      if (entry == inFlight) {
        continue;
      }
      oldest.remove();
      bytes -= entry.bytes();
      cappedSpans.addAndGet(entry.spans());
      Files.deleteIfExists(entry.path());
    }
  }

  /** The oldest batch, now marked as being delivered, or null if the spool is empty. */
  synchronized @Nullable Entry claimOldest() {
    inFlight = entries.peekFirst();
    return inFlight;
  }

  /**
   * Reads a claimed batch. A batch that cannot be read is removed and counted as corrupt, and
   * {@code null} comes back.
   */
  @Nullable List<SpanData> read(Entry entry) {
    try {
      byte[] file = Files.readAllBytes(entry.path());
      ByteBuffer buffer = ByteBuffer.wrap(file);
      if (file.length < HEADER || buffer.getInt() != FILE_MAGIC) {
        throw new IOException("not a spool file");
      }
      int length = buffer.getInt();
      long expected = buffer.getLong();
      if (length != file.length - HEADER) {
        throw new IOException("torn: " + (file.length - HEADER) + " of " + length + " bytes");
      }
      CRC32C crc = new CRC32C();
      crc.update(file, HEADER, length);
      if (crc.getValue() != expected) {
        throw new IOException("checksum mismatch");
      }
      byte[] payload = new byte[length];
      buffer.get(payload);
      List<SpanData> spans = SpanCodec.decode(payload);
      if (spans.size() != entry.spans()) {
        throw new IOException(spans.size() + " span(s) where the name says " + entry.spans());
      }
      return spans;
    } catch (IOException | RuntimeException e) {
      corruptFiles.incrementAndGet();
      corruptSpans.addAndGet(entry.spans());
      remove(entry);
      lastCorruption = entry.path().getFileName() + ": " + e.getMessage();
      return null;
    }
  }

  private volatile @Nullable String lastCorruption;

  /** What made the last unreadable file unreadable, for the log line; null if none was. */
  @Nullable String lastCorruption() {
    return lastCorruption;
  }

  /** The claimed batch was delivered: it leaves the spool. */
  void delivered(Entry entry) {
    if (remove(entry)) {
      deliveredSpans.addAndGet(entry.spans());
    }
  }

  /** The claimed batch was not delivered: it stays, first in line. */
  synchronized void release(Entry entry) {
    if (inFlight == entry) {
      inFlight = null;
    }
  }

  private synchronized boolean remove(Entry entry) {
    if (inFlight == entry) {
      inFlight = null;
    }
    if (!entries.remove(entry)) {
      return false;
    }
    bytes -= entry.bytes();
    try {
      Files.deleteIfExists(entry.path());
    } catch (IOException e) {
      // Left on disk, it would be delivered again by the next start: a duplicate, not a loss.
    }
    return true;
  }

  synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized long spansHeld() {
    long spans = 0;
    for (Entry entry : entries) {
      spans += entry.spans();
    }
    return spans;
  }

  Path directory() {
    return directory;
  }

  long maxBytes() {
    return maxBytes;
  }

  /**
   * Spans found in the directory when it was opened, left by an earlier run (torn files included:
   * they count as corrupt at once). Always {@code restored + spooled = delivered + capped + corrupt
   * + held}.
   */
  long restoredSpans() {
    return restoredSpans;
  }

  /** Spans written to the spool by this run. */
  long spooledSpans() {
    return spooledSpans.get();
  }

  /** Spans delivered from the spool (this run's and earlier runs'). */
  long deliveredSpans() {
    return deliveredSpans.get();
  }

  /** Spans dropped, oldest first, to stay under the cap. */
  long cappedSpans() {
    return cappedSpans.get();
  }

  /** Spans of batches larger than the whole cap, never written. */
  long refusedSpans() {
    return refusedSpans.get();
  }

  /** Spans in files that could not be read back (torn or corrupt). */
  long corruptSpans() {
    return corruptSpans.get();
  }

  /** Files that could not be read back. */
  long corruptFiles() {
    return corruptFiles.get();
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
