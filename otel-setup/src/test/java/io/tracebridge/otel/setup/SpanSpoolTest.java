package io.tracebridge.otel.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanSpoolTest {
  @TempDir Path directory;

  private static List<SpanData> batch(String prefix, int size) {
    String[] names = new String[size];
    for (int i = 0; i < size; i++) {
      names[i] = prefix + i;
    }
    return FinishedSpans.named(names);
  }

  /** Delivers everything the spool holds, oldest first, and returns the span names. */
  private static List<String> drain(SpanSpool spool) {
    List<String> names = new ArrayList<>();
    for (SpanSpool.Entry entry = spool.claimOldest(); entry != null; entry = spool.claimOldest()) {
      List<SpanData> spans = spool.read(entry);
      if (spans != null) {
        spans.forEach(s -> names.add(s.getName()));
        spool.delivered(entry);
      }
    }
    return names;
  }

  private static long sizeOf(List<SpanData> spans) {
    return 16 + SpanCodec.encode(spans).length;
  }

  @Test
  void batchesComeBackOldestFirstAndLeaveTheSpoolWhenDelivered() throws IOException {
    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      spool.append(batch("a", 2));
      spool.append(batch("b", 1));

      assertThat(drain(spool)).containsExactly("a0", "a1", "b0");
      assertThat(spool.isEmpty()).isTrue();
      assertThat(spool.spooledSpans()).isEqualTo(3);
      assertThat(spool.deliveredSpans()).isEqualTo(3);
    }
    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".lock");
    }
  }

  @Test
  void atTheCapTheOldestBatchesGoFirstAndEverySpanTheyHeldIsCounted() throws IOException {
    long oneBatch = sizeOf(batch("bN_", 10));
    try (SpanSpool spool = SpanSpool.open(directory, Math.max(3 * oneBatch + 10, 1))) {
      for (int b = 0; b < 5; b++) {
        spool.append(batch("b" + b + "_", 10));
      }

      assertThat(spool.cappedSpans()).isEqualTo(20);
      assertThat(spool.bytes()).isLessThanOrEqualTo(spool.maxBytes());
      assertThat(drain(spool)).hasSize(30).first().isEqualTo("b2_0");
      assertThat(spool.spooledSpans())
          .isEqualTo(spool.deliveredSpans() + spool.cappedSpans() + spool.spansHeld());
    }
  }

  @Test
  void theBatchBeingDeliveredIsNeverTheOneTheCapDrops() throws IOException {
    long oneBatch = sizeOf(batch("x", 10));
    try (SpanSpool spool = SpanSpool.open(directory, 2 * oneBatch + 10)) {
      spool.append(batch("first", 10));
      SpanSpool.Entry inFlight = spool.claimOldest();
      spool.append(batch("second", 10));
      spool.append(batch("third", 10));

      assertThat(spool.read(inFlight)).hasSize(10);
      spool.delivered(inFlight);
      assertThat(spool.deliveredSpans()).isEqualTo(10);
      assertThat(spool.cappedSpans()).isEqualTo(10); // "second" went instead
      assertThat(drain(spool)).first().isEqualTo("third0");
    }
  }

  @Test
  void aBatchLargerThanTheWholeCapIsRefusedAndCounted() throws IOException {
    try (SpanSpool spool = SpanSpool.open(directory, 1_000)) {
      assertThat(spool.append(batch("big", 50))).isFalse();
      assertThat(spool.refusedSpans()).isEqualTo(50);
      assertThat(spool.isEmpty()).isTrue();
    }
  }

  @Test
  void aCorruptFileIsSkippedAndCountedAndTheRestIsDelivered() throws IOException {
    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      spool.append(batch("a", 3));
      spool.append(batch("b", 4));
      spool.append(batch("c", 5));
    }
    Path second = spoolFiles().get(1);
    byte[] bytes = Files.readAllBytes(second);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(second, bytes);

    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      assertThat(drain(spool)).containsExactly("a0", "a1", "a2", "c0", "c1", "c2", "c3", "c4");
      assertThat(spool.corruptSpans()).isEqualTo(4);
      assertThat(spool.corruptFiles()).isEqualTo(1);
      assertThat(spool.lastCorruption()).contains("checksum mismatch");
      assertThat(spool.restoredSpans())
          .isEqualTo(spool.deliveredSpans() + spool.corruptSpans() + spool.spansHeld());
    }
  }

  @Test
  void aTruncatedFileAndAWriteThatNeverReachedItsRenameAreCountedNotFatal() throws IOException {
    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      spool.append(batch("a", 3));
      spool.append(batch("b", 4));
    }
    Path first = spoolFiles().get(0);
    byte[] bytes = Files.readAllBytes(first);
    Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    Files.write(directory.resolve("00000000000000000009-6.spool.tmp"), new byte[] {1, 2, 3});

    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      assertThat(spool.corruptSpans()).as("the .tmp, counted at open").isEqualTo(6);
      assertThat(drain(spool)).containsExactly("b0", "b1", "b2", "b3");
      assertThat(spool.corruptSpans()).isEqualTo(9);
      assertThat(spool.lastCorruption()).contains("torn");
      assertThat(spool.restoredSpans()).isEqualTo(13);
    }
  }

  @Test
  void aSmallerCapThanTheLastRunsDropsTheOldestAtOpenAndCountsThem() throws IOException {
    long oneBatch = sizeOf(batch("bN_", 10));
    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      for (int b = 0; b < 4; b++) {
        spool.append(batch("b" + b + "_", 10));
      }
    }
    try (SpanSpool spool = SpanSpool.open(directory, oneBatch + 10)) {
      assertThat(spool.cappedSpans()).isEqualTo(30);
      assertThat(drain(spool)).first().isEqualTo("b3_0");
    }
  }

  @Test
  void theSameDirectoryCannotBeOpenedTwiceAndTheMessageNamesIt() throws IOException {
    try (SpanSpool spool = SpanSpool.open(directory, 1 << 20)) {
      assertThatThrownBy(() -> SpanSpool.open(directory, 1 << 20))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(directory.toString())
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
  }

  @Test
  void aDirectoryThatCannotBeCreatedFailsWithItsName() throws IOException {
    Path file = Files.createFile(directory.resolve("a-file"));
    assertThatThrownBy(() -> SpanSpool.open(file.resolve("spool"), 1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.resolve("spool").toString());
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".spool")).sorted().toList();
    }
  }
}
