package io.tracebridge.otel.setup;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spool's file format: a batch of finished spans to bytes and back, every field the OTLP
 * exporters send included, so a span read back exports exactly as it would have at first. Resources
 * and scopes, shared by most spans of a batch, are written once per batch.
 *
 * <p>Why not OTLP's protobuf: the SDK can write it (through an internal class) but not read it back
 * into {@link SpanData}, and the contrib module that can ({@code opentelemetry-disk-buffering})
 * does so in internal classes too; see docs/reliability.md for why the spool is not that module.
 */
final class SpanCodec {
  /** "TBSP", then the format version. */
  private static final int MAGIC = 0x54425350;

  private static final int VERSION = 1;

  /** Strings and arrays longer than this are refused on read: a corrupt length, not data. */
  private static final int MAX_LENGTH = 64 << 20;

  private SpanCodec() {}

  static byte[] encode(Collection<SpanData> spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * spans.size() + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeInt(spans.size());
      Map<Object, Integer> shared = new IdentityHashMap<>();
      for (SpanData span : spans) {
        writeResource(out, span.getResource(), shared);
        writeScope(out, span.getInstrumentationScopeInfo(), shared);
        writeString(out, span.getName());
        out.writeByte(span.getKind().ordinal());
        writeContext(out, span.getSpanContext());
        writeContext(out, span.getParentSpanContext());
        out.writeByte(span.getStatus().getStatusCode().ordinal());
        writeString(out, span.getStatus().getDescription());
        out.writeLong(span.getStartEpochNanos());
        out.writeLong(span.getEndEpochNanos());
        out.writeBoolean(span.hasEnded());
        writeAttributes(out, span.getAttributes());
        out.writeInt(span.getTotalAttributeCount());
        out.writeInt(span.getEvents().size());
        for (EventData event : span.getEvents()) {
          writeString(out, event.getName());
          out.writeLong(event.getEpochNanos());
          writeAttributes(out, event.getAttributes());
          out.writeInt(event.getTotalAttributeCount());
        }
        out.writeInt(span.getTotalRecordedEvents());
        out.writeInt(span.getLinks().size());
        for (LinkData link : span.getLinks()) {
          writeContext(out, link.getSpanContext());
          writeAttributes(out, link.getAttributes());
          out.writeInt(link.getTotalAttributeCount());
        }
        out.writeInt(span.getTotalRecordedLinks());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a batch back.
   *
   * @throws IOException if the bytes are not a whole batch of this format (torn or corrupt)
   */
  static List<SpanData> decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a tracebridge spool batch");
      }
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException("spool batch format " + version + ", this version reads " + VERSION);
      }
      int count = length(in);
      List<Object> shared = new ArrayList<>();
      List<SpanData> spans = new ArrayList<>(Math.min(count, 4096));
      for (int i = 0; i < count; i++) {
        Resource resource = readResource(in, shared);
        InstrumentationScopeInfo scope = readScope(in, shared);
        String name = readString(in);
        SpanKind kind = SpanKind.values()[in.readUnsignedByte()];
        SpanContext context = readContext(in);
        SpanContext parent = readContext(in);
        StatusData status =
            StatusData.create(StatusCode.values()[in.readUnsignedByte()], readString(in));
        long start = in.readLong();
        long end = in.readLong();
        boolean ended = in.readBoolean();
        Attributes attributes = readAttributes(in);
        int totalAttributes = in.readInt();
        int eventCount = length(in);
        List<EventData> events = new ArrayList<>(Math.min(eventCount, 1024));
        for (int e = 0; e < eventCount; e++) {
          String eventName = readString(in);
          long at = in.readLong();
          events.add(EventData.create(at, eventName, readAttributes(in), in.readInt()));
        }
        int totalEvents = in.readInt();
        int linkCount = length(in);
        List<LinkData> links = new ArrayList<>(Math.min(linkCount, 1024));
        for (int l = 0; l < linkCount; l++) {
          SpanContext linked = readContext(in);
          links.add(LinkData.create(linked, readAttributes(in), in.readInt()));
        }
        int totalLinks = in.readInt();
        spans.add(
            new SpooledSpan(
                resource,
                scope,
                name,
                kind,
                context,
                parent,
                status,
                start,
                end,
                ended,
                attributes,
                totalAttributes,
                List.copyOf(events),
                totalEvents,
                List.copyOf(links),
                totalLinks));
      }
      if (in.available() > 0) {
        throw new IOException(in.available() + " byte(s) after the last span");
      }
      return spans;
    } catch (RuntimeException e) { // an index out of range, a bad enum ordinal, a bad id
      throw new IOException("corrupt spool batch: " + e, e);
    }
  }

  private static void writeResource(
      DataOutputStream out, Resource resource, Map<Object, Integer> shared) throws IOException {
    if (writeReference(out, resource, shared)) {
      writeString(out, resource.getSchemaUrl());
      writeAttributes(out, resource.getAttributes());
    }
  }

  private static Resource readResource(DataInputStream in, List<Object> shared) throws IOException {
    int reference = in.readInt();
    if (reference >= 0) {
      return (Resource) shared.get(reference);
    }
    String schemaUrl = readString(in);
    Resource resource = Resource.create(readAttributes(in), schemaUrl);
    shared.add(resource);
    return resource;
  }

  private static void writeScope(
      DataOutputStream out, InstrumentationScopeInfo scope, Map<Object, Integer> shared)
      throws IOException {
    if (writeReference(out, scope, shared)) {
      writeString(out, scope.getName());
      writeString(out, scope.getVersion());
      writeString(out, scope.getSchemaUrl());
      writeAttributes(out, scope.getAttributes());
    }
  }

  private static InstrumentationScopeInfo readScope(DataInputStream in, List<Object> shared)
      throws IOException {
    int reference = in.readInt();
    if (reference >= 0) {
      return (InstrumentationScopeInfo) shared.get(reference);
    }
    String name = readString(in);
    InstrumentationScopeInfoBuilder builder =
        InstrumentationScopeInfo.builder(name == null ? "" : name);
    String version = readString(in);
    if (version != null) {
      builder.setVersion(version);
    }
    String schemaUrl = readString(in);
    if (schemaUrl != null) {
      builder.setSchemaUrl(schemaUrl);
    }
    InstrumentationScopeInfo scope = builder.setAttributes(readAttributes(in)).build();
    shared.add(scope);
    return scope;
  }

  /** Writes the index of an object already written, or -1 and returns true to write it now. */
  private static boolean writeReference(
      DataOutputStream out, Object value, Map<Object, Integer> shared) throws IOException {
    Integer index = shared.get(value);
    if (index != null) {
      out.writeInt(index);
      return false;
    }
    shared.put(value, shared.size());
    out.writeInt(-1);
    return true;
  }

  private static void writeContext(DataOutputStream out, SpanContext context) throws IOException {
    writeString(out, context.getTraceId());
    writeString(out, context.getSpanId());
    out.writeByte(context.getTraceFlags().asByte());
    out.writeBoolean(context.isRemote());
    TraceState state = context.getTraceState();
    out.writeInt(state.size());
    for (Map.Entry<String, String> entry : state.asMap().entrySet()) {
      writeString(out, entry.getKey());
      writeString(out, entry.getValue());
    }
  }

  private static SpanContext readContext(DataInputStream in) throws IOException {
    String traceId = readString(in);
    String spanId = readString(in);
    TraceFlags flags = TraceFlags.fromByte(in.readByte());
    boolean remote = in.readBoolean();
    int entries = length(in);
    TraceStateBuilder state = TraceState.builder();
    for (int i = 0; i < entries; i++) {
      state.put(readString(in), readString(in));
    }
    return remote
        ? SpanContext.createFromRemoteParent(traceId, spanId, flags, state.build())
        : SpanContext.create(traceId, spanId, flags, state.build());
  }

  private static void writeAttributes(DataOutputStream out, Attributes attributes)
      throws IOException {
    out.writeInt(attributes.size());
    for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
      AttributeKey<?> key = entry.getKey();
      writeString(out, key.getKey());
      out.writeByte(key.getType().ordinal());
      Object value = entry.getValue();
      switch (key.getType()) {
        case STRING -> writeString(out, (String) value);
        case BOOLEAN -> out.writeBoolean((Boolean) value);
        case LONG -> out.writeLong((Long) value);
        case DOUBLE -> out.writeDouble((Double) value);
        case STRING_ARRAY, BOOLEAN_ARRAY, LONG_ARRAY, DOUBLE_ARRAY -> {
          List<?> list = (List<?>) value;
          out.writeInt(list.size());
          for (Object element : list) {
            writeScalar(out, key.getType(), element);
          }
        }
        case VALUE -> writeValue(out, (Value<?>) value);
      }
    }
  }

  private static void writeScalar(DataOutputStream out, AttributeType arrayType, Object element)
      throws IOException {
    switch (arrayType) {
      case STRING_ARRAY -> writeString(out, (String) element);
      case BOOLEAN_ARRAY -> out.writeBoolean((Boolean) element);
      case LONG_ARRAY -> out.writeLong((Long) element);
      default -> out.writeDouble((Double) element);
    }
  }

  @SuppressWarnings("unchecked")
  private static Attributes readAttributes(DataInputStream in) throws IOException {
    int size = length(in);
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < size; i++) {
      String key = readString(in);
      AttributeType type = AttributeType.values()[in.readUnsignedByte()];
      switch (type) {
        case STRING -> builder.put(AttributeKey.stringKey(key), readString(in));
        case BOOLEAN -> builder.put(AttributeKey.booleanKey(key), in.readBoolean());
        case LONG -> builder.put(AttributeKey.longKey(key), in.readLong());
        case DOUBLE -> builder.put(AttributeKey.doubleKey(key), in.readDouble());
        case STRING_ARRAY -> builder.put(AttributeKey.stringArrayKey(key), readList(in, type));
        case BOOLEAN_ARRAY -> builder.put(AttributeKey.booleanArrayKey(key), readList(in, type));
        case LONG_ARRAY -> builder.put(AttributeKey.longArrayKey(key), readList(in, type));
        case DOUBLE_ARRAY -> builder.put(AttributeKey.doubleArrayKey(key), readList(in, type));
        case VALUE -> builder.put(AttributeKey.valueKey(key), readValue(in));
      }
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> readList(DataInputStream in, AttributeType arrayType)
      throws IOException {
    int size = length(in);
    List<Object> list = new ArrayList<>(Math.min(size, 1024));
    for (int i = 0; i < size; i++) {
      list.add(
          switch (arrayType) {
            case STRING_ARRAY -> readString(in);
            case BOOLEAN_ARRAY -> in.readBoolean();
            case LONG_ARRAY -> in.readLong();
            default -> in.readDouble();
          });
    }
    return (List<T>) list;
  }

  private static void writeValue(DataOutputStream out, Value<?> value) throws IOException {
    out.writeByte(value.getType().ordinal());
    switch (value.getType()) {
      case STRING -> writeString(out, (String) value.getValue());
      case BOOLEAN -> out.writeBoolean((Boolean) value.getValue());
      case LONG -> out.writeLong((Long) value.getValue());
      case DOUBLE -> out.writeDouble((Double) value.getValue());
      case BYTES -> {
        ByteBuffer buffer = ((ByteBuffer) value.getValue()).duplicate();
        out.writeInt(buffer.remaining());
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes);
      }
      case ARRAY -> {
        List<?> elements = (List<?>) value.getValue();
        out.writeInt(elements.size());
        for (Object element : elements) {
          writeValue(out, (Value<?>) element);
        }
      }
      case KEY_VALUE_LIST -> {
        List<?> entries = (List<?>) value.getValue();
        out.writeInt(entries.size());
        for (Object entry : entries) {
          KeyValue kv = (KeyValue) entry;
          writeString(out, kv.getKey());
          writeValue(out, kv.getValue());
        }
      }
      default -> throw new IllegalStateException("unknown value type " + value.getType());
    }
  }

  private static Value<?> readValue(DataInputStream in) throws IOException {
    io.opentelemetry.api.common.ValueType type =
        io.opentelemetry.api.common.ValueType.values()[in.readUnsignedByte()];
    switch (type) {
      case STRING:
        return Value.of(readString(in));
      case BOOLEAN:
        return Value.of(in.readBoolean());
      case LONG:
        return Value.of(in.readLong());
      case DOUBLE:
        return Value.of(in.readDouble());
      case BYTES:
        byte[] bytes = new byte[length(in)];
        in.readFully(bytes);
        return Value.of(bytes);
      case ARRAY:
        int size = length(in);
        List<Value<?>> elements = new ArrayList<>(Math.min(size, 1024));
        for (int i = 0; i < size; i++) {
          elements.add(readValue(in));
        }
        return Value.of(elements);
      case KEY_VALUE_LIST:
        int entries = length(in);
        KeyValue[] pairs = new KeyValue[entries];
        for (int i = 0; i < entries; i++) {
          String key = readString(in);
          pairs[i] = KeyValue.of(key, readValue(in));
        }
        return Value.of(pairs);
      default:
        throw new IOException("unknown value type " + type);
    }
  }

  /** A string, or null, as its UTF-8 length (-1 for null) and bytes: no 64 KiB limit. */
  private static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > MAX_LENGTH) {
      throw new IOException("corrupt string length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static int length(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_LENGTH) {
      throw new IOException("corrupt length " + length);
    }
    return length;
  }
}
