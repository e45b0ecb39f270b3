package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracebridge.subscriber.Extensions;
import io.tracebridge.subscriber.SpanData;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
  @Test
  void keysAreComparedByIdentityAndEachKeepsItsOwnValueWellPastTheTwoInlineSlots() {
    Extensions extensions = new Extensions();
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Object key = new String("layer"); // equal, never identical
      keys.add(key);
      extensions.put(key, i);
    }
    for (int i = 0; i < 6; i++) {
      assertThat(extensions.get(keys.get(i))).isEqualTo(i);
    }
    assertThat(extensions.get("layer")).isNull();
    assertThat(extensions.get(null)).isNull();
  }

  @Test
  void putReplacesAValueAndARemovedKeyCanBeStoredAgain() {
    Extensions extensions = new Extensions();
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    extensions.put(a, "a1");
    extensions.put(b, "b1");
    extensions.put(c, "c1");
    extensions.put(a, "a2");
    extensions.put(c, "c2");

    assertThat(extensions.get(a)).isEqualTo("a2");
    assertThat(extensions.get(c)).isEqualTo("c2");
    assertThat(extensions.remove(a)).isEqualTo("a2");
    assertThat(extensions.get(a)).isNull();
    assertThat(extensions.remove(a)).isNull();
    assertThat(extensions.remove(c)).isEqualTo("c2");

    Object d = new Object();
    extensions.put(d, "d1");
    extensions.put(a, "a3");
    assertThat(extensions.get(d)).isEqualTo("d1");
    assertThat(extensions.get(a)).isEqualTo("a3");
    assertThat(extensions.get(b)).isEqualTo("b1");
    assertThat(extensions.get(d, Integer.class)).isNull();
    assertThat(extensions.get(d, String.class)).isEqualTo("d1");
  }

  @Test
  void computeIfAbsentCreatesOnceAndANullKeyIsRefusedByName() {
    Extensions extensions = new Extensions();
    AtomicInteger created = new AtomicInteger();
    Object key = new Object();
    assertThat(extensions.<Integer>computeIfAbsent(key, k -> created.incrementAndGet()))
        .isEqualTo(1);
    assertThat(extensions.<Integer>computeIfAbsent(key, k -> created.incrementAndGet()))
        .isEqualTo(1);
    assertThatThrownBy(() -> extensions.put(null, "x")).hasMessageContaining("key");
  }

  @Test
  void aReaderOnAnotherThreadNeverSeesAKeyWithoutItsValue() throws Exception {
    Extensions extensions = new Extensions();
    Object[] keys = new Object[8];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = new Object();
    }
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger torn = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                return;
              }
              for (int round = 0; round < 200_000; round++) {
                for (Object key : keys) {
                  Object value = extensions.get(key);
                  if (value != null && value != key) {
                    torn.incrementAndGet();
                  }
                }
              }
            });
    reader.start();
    go.countDown();
    for (int round = 0; round < 20_000; round++) {
      for (Object key : keys) {
        extensions.put(key, key);
      }
      for (Object key : keys) {
        extensions.remove(key);
      }
    }
    reader.join();
    assertThat(torn).hasValue(0);
  }

  @Test
  void aSpansLayerStorageKeepsEachLayersValueApartFromTheSpansFields() {
    Object console = new Object();
    Object otel = new Object();
    Object third = new Object();
    SpanData[] span = new SpanData[1];
    Dispatch.withDefault(
        RecordingSubscriber.create(),
        () -> span[0] = Tracer.named("ext").infoSpan("s").field("user", "ann").start().data());
    Extensions extensions = span[0].extensions();
    extensions.put(console, "rendered");
    extensions.put(otel, 7);
    extensions.put(third, List.of());
    // The function runs under the span's lock; reading the span's own fields there must not block.
    Object computed =
        extensions.computeIfAbsent(
            new Object(), key -> span[0].fields().isEmpty() ? "none" : "some");

    assertThat(computed).isEqualTo("some");
    assertThat(extensions.get(console)).isEqualTo("rendered");
    assertThat(extensions.get(otel, Integer.class)).isEqualTo(7);
    assertThat(extensions.find(List.class)).isEmpty();
    assertThat(span[0].extensions()).isSameAs(extensions);
    List<String> names = new ArrayList<>();
    span[0]
        .fields()
        .visit(
            new FieldVisitor() {
              @Override
              public void visitString(String name, String value) {
                names.add(name + "=" + value);
              }
            });
    assertThat(names).containsExactly("user=ann");
  }
}
