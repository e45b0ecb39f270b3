package io.tracebridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracebridge.subscriber.EventData;
import io.tracebridge.subscriber.Subscriber;
import io.tracebridge.testfixtures.LogCapture;
import io.tracebridge.testing.RecordingSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class FieldTypesTest {
  private static final Tracer TRACER = Tracer.forClass(FieldTypesTest.class);
  private final RecordingSubscriber recorder = RecordingSubscriber.create();

  private enum Color {
    RED
  }

  @Test
  void valuesKeepTheirNativeTypesAndNumbersAreNeverText() {
    Dispatch.withDefault(
        recorder,
        () ->
            TRACER
                .atInfo()
                .field("long", 7L)
                .field("int", 42)
                .field("short", (short) 3)
                .field("double", 1.5)
                .field("float", 2.5f)
                .field("bool", true)
                .field("string", "x")
                .field("char", 'c')
                .field("boxed", Integer.valueOf(9))
                .field("enum", Color.RED)
                .log("typed"));

    assertThat(recorder.event("typed").fields())
        .containsEntry("long", 7L)
        .containsEntry("int", 42L)
        .containsEntry("short", 3L)
        .containsEntry("double", 1.5)
        .containsEntry("float", 2.5)
        .containsEntry("bool", true)
        .containsEntry("string", "x")
        .containsEntry("char", "c")
        .containsEntry("boxed", 9L)
        .containsEntry("enum", "RED");
  }

  @Test
  void visitorReceivesPrimitiveCallsForPrimitiveFields() {
    List<String> calls = new ArrayList<>();
    Subscriber visitorCheck =
        new Subscriber() {
          @Override
          public void onEvent(EventData event) {
            event
                .fields()
                .visit(
                    new FieldVisitor() {
                      @Override
                      public void visitLong(String name, long value) {
                        calls.add("long " + name);
                      }

                      @Override
                      public void visitDouble(String name, double value) {
                        calls.add("double " + name);
                      }

                      @Override
                      public void visitBoolean(String name, boolean value) {
                        calls.add("boolean " + name);
                      }

                      @Override
                      public void visitString(String name, String value) {
                        calls.add("string " + name);
                      }

                      @Override
                      public void visitLongArray(String name, long[] value) {
                        calls.add("long[] " + name);
                      }

                      @Override
                      public void visitThrowable(String name, Throwable value) {
                        calls.add("throwable " + name);
                      }
                    });
          }
        };
    Dispatch.withDefault(
        visitorCheck,
        () ->
            TRACER
                .atInfo()
                .field("a", 1)
                .field("b", 2.0)
                .field("c", false)
                .field("d", "s")
                .field("e", new int[] {1, 2})
                .error(new RuntimeException())
                .log("visit"));

    assertThat(calls)
        .containsExactly(
            "long a", "double b", "boolean c", "string d", "long[] e", "throwable error");
  }

  @Test
  void arraysAreCopiedAndKeepElementTypes() {
    long[] longs = {1, 2, 3};
    String[] strings = {"a", "b"};
    Dispatch.withDefault(
        recorder,
        () -> {
          TRACER
              .atInfo()
              .field("longs", longs)
              .field("doubles", new double[] {0.5})
              .field("bools", new boolean[] {true, false})
              .field("strings", strings)
              .field("ints", new int[] {4, 5})
              .log("arrays");
          longs[0] = 99;
          strings[0] = "changed";
        });

    var fields = recorder.event("arrays").fields();
    assertThat((long[]) fields.get("longs")).containsExactly(1, 2, 3);
    assertThat((double[]) fields.get("doubles")).containsExactly(0.5);
    assertThat((boolean[]) fields.get("bools")).containsExactly(true, false);
    assertThat((String[]) fields.get("strings")).containsExactly("a", "b");
    assertThat((long[]) fields.get("ints")).containsExactly(4, 5);
  }

  @Test
  void recordingTheSameNameReplacesTheValueInPlace() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("s").field("a", 1).field("b", 2).start();
          span.record("a", "now text");
          span.close();
        });

    assertThat(recorder.span("s").fields().keySet()).containsExactly("a", "b");
    assertThat(recorder.span("s").field("a")).isEqualTo("now text");
  }

  @Test
  void aSpanKeepsAtMost128DistinctFieldNames() {
    Dispatch.withDefault(
        recorder,
        () -> {
          Span span = TRACER.infoSpan("bounded").start();
          for (int i = 0; i < 1000; i++) {
            span.record("field_" + i, i);
          }
          span.close();
        });

    assertThat(recorder.span("bounded").fields().size()).isEqualTo(FieldTable.MAX_FIELDS);
    assertThat(recorder.log().stream().filter(line -> line.equals("record bounded")).count())
        .isEqualTo(FieldTable.MAX_FIELDS);
    assertThat(recorder.span("bounded").field("field_0")).isEqualTo(0L);
    assertThat(recorder.span("bounded").field("field_999")).isNull();
  }

  @Test
  void aDroppedFieldNameIsCountedEveryTimeAndTheFirstDropIsLoggedOnceNamingTheField() {
    DroppedFieldNames.reportAgain();
    long before = Fields.droppedNameCount();
    List<LogRecord> warnings =
        LogCapture.capture(
            "io.tracebridge.Fields",
            () ->
                Dispatch.withDefault(
                    recorder,
                    () -> {
                      Span span = TRACER.infoSpan("full").start();
                      for (int i = 0; i < 130; i++) {
                        span.record("field_" + i, i);
                      }
                      span.record("field_0", -1); // a name the span holds is replaced, not dropped
                      span.close();
                      EventBuilder event = TRACER.atInfo();
                      for (int i = 0; i < 131; i++) {
                        event.field("event_field_" + i, i);
                      }
                      event.log("crowded");
                    }));

    assertThat(Fields.droppedNameCount() - before).isEqualTo(2 + 3);
    assertThat(recorder.span("full").field("field_0")).isEqualTo(-1L);
    assertThat(recorder.event("crowded").fields()).hasSize(Fields.MAX_FIELDS);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    assertThat(warnings.get(0).getMessage())
        .contains("128 distinct field names")
        .contains("'field_128'")
        .contains("Fields.droppedNameCount()");
  }

  @Test
  void everyPrimitiveArrayPassedAsAnObjectKeepsANumericTypeAndACharArrayIsText() {
    Object floats = new float[] {0.5f, 1.5f};
    Object shorts = new short[] {1, -2};
    Object bytes = new byte[] {3, -4};
    Object chars = new char[] {'h', 'i'};
    Dispatch.withDefault(
        recorder,
        () -> {
          TRACER
              .atInfo()
              .field("floats", floats)
              .field("shorts", shorts)
              .field("bytes", bytes)
              .field("chars", chars)
              .log("arrays");
          Span span = TRACER.infoSpan("recorded").empty("floats").empty("bytes").start();
          span.record("floats", floats).record("bytes", bytes).record("chars", chars);
          span.close();
        });

    var fields = recorder.event("arrays").fields();
    assertThat((double[]) fields.get("floats")).containsExactly(0.5, 1.5);
    assertThat((long[]) fields.get("shorts")).containsExactly(1, -2);
    assertThat((long[]) fields.get("bytes")).containsExactly(3, -4);
    assertThat(fields.get("chars")).isEqualTo("hi");
    var recorded = recorder.span("recorded").fields();
    assertThat((double[]) recorded.get("floats")).containsExactly(0.5, 1.5);
    assertThat((long[]) recorded.get("bytes")).containsExactly(3, -4);
    assertThat(recorded.get("chars")).isEqualTo("hi");
  }

  @Test
  void arraysInsideAnObjectArrayShowTheirElements() {
    Object nested = new Object[] {new float[] {0.5f}, new int[][] {{1, 2}}, "s", null};
    Dispatch.withDefault(recorder, () -> TRACER.atInfo().field("nested", nested).log("nested"));

    assertThat((String[]) recorder.event("nested").fields().get("nested"))
        .containsExactly("[0.5]", "[[1, 2]]", "s", "null");
  }

  @Test
  void aValueWhoseToStringThrowsIsRecordedAsThatFactAndNeverThrowsIntoTheCaller() {
    Object hostile =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("toString bomb");
          }
        };
    Dispatch.withDefault(
        recorder,
        () -> {
          TRACER.atInfo().field("payload", hostile).log("hostile field");
          TRACER.atInfo().field("payloads", new Object[] {hostile, "ok"}).log("hostile array");
          try (EnteredSpan span = TRACER.infoSpan("work").entered()) {
            span.span().record("late", hostile);
          }
        });

    assertThat(recorder.event("hostile field").field("payload"))
        .isEqualTo("<toString() threw java.lang.IllegalStateException>");
    assertThat((String[]) recorder.event("hostile array").field("payloads"))
        .containsExactly("<toString() threw java.lang.IllegalStateException>", "ok");
    assertThat(recorder.span("work").fields())
        .containsEntry("late", "<toString() threw java.lang.IllegalStateException>");
  }
}
