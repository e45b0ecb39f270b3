package io.tracebridge.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * W3C Baggage: the {@code baggage} header.
 *
 * <ul>
 *   <li>Limits: at most 64 members and 8192 bytes, counted across all {@code baggage} headers
 *       combined. Members past either limit are dropped, in order; the ones before are kept.
 *   <li>Values are percent-decoded as UTF-8, exactly as the specification says: {@code +} is a plus
 *       sign, not a space. On inject, every character outside the value grammar, and {@code %}, is
 *       percent-encoded.
 *   <li>Properties ({@code ;key=value} after a value) are kept, as the entry's metadata, without
 *       the optional white space around their parts, and sent again on inject.
 *   <li>Percent-encoded octets that are not valid UTF-8 ({@code %FF}) decode as U+FFFD, as the
 *       specification requires; the member is kept.
 *   <li>A member that cannot be parsed (bad key, bad value, bad percent-encoding) is dropped alone;
 *       the others are kept.
 * </ul>
 *
 * <p>Extracted members are added to the baggage already in the context, replacing equal keys.
 */
public final class BaggagePropagator extends NullSafePropagator {
  /** The {@code baggage} header. */
  public static final String BAGGAGE = "baggage";

  static final int MAX_MEMBERS = 64;
  static final int MAX_BYTES = 8192;

  private static final BaggagePropagator INSTANCE = new BaggagePropagator();
  private static final List<String> FIELDS = List.of(BAGGAGE);
  private static final int MAX_HEADER_VALUES = 64;

  private BaggagePropagator() {}

  /**
   * Returns the propagator.
   *
   * @return the shared instance
   */
  public static BaggagePropagator getInstance() {
    return INSTANCE;
  }

  @Override
  public Collection<String> fields() {
    return FIELDS;
  }

  @Override
  <C> void injectInto(Context context, C carrier, TextMapSetter<C> setter) {
    Baggage baggage = Baggage.fromContext(context);
    if (baggage.isEmpty()) {
      return;
    }
    HeaderWriter writer = new HeaderWriter(baggage.size());
    baggage.forEach(writer);
    StringBuilder header = writer.header;
    if (header.length() > 0) {
      setter.set(carrier, BAGGAGE, header.toString());
    }
  }

  @Override
  <C> Context extractFrom(Context context, C carrier, TextMapGetter<C> getter) {
    List<String> headers = Grammar.all(getter, carrier, BAGGAGE, MAX_HEADER_VALUES);
    if (headers.isEmpty()) {
      return context;
    }
    BaggageBuilder builder = Baggage.fromContext(context).toBuilder();
    int members = 0;
    int bytes = 0;
    boolean any = false;
    for (String header : headers) {
      int start = 0;
      while (start <= header.length() && members < MAX_MEMBERS) {
        int comma = header.indexOf(',', start);
        int end = comma < 0 ? header.length() : comma;
        bytes += end - start + (bytes > 0 ? 1 : 0); // header bytes, separators and spaces included
        if (bytes > MAX_BYTES) {
          members = MAX_MEMBERS; // the byte limit is reached: drop this member and the rest
          break;
        }
        int from = start;
        int to = end;
        while (from < to && Grammar.isOws(header.charAt(from))) {
          from++;
        }
        while (to > from && Grammar.isOws(header.charAt(to - 1))) {
          to--;
        }
        start = end + 1;
        if (from < to) { // empty members (",,") cost a scan, nothing more
          members++;
          any |= addMember(header.substring(from, to), builder);
        }
        if (comma < 0) {
          break;
        }
      }
    }
    return any ? context.with(builder.build()) : context;
  }

  /** Parses one member into {@code builder}; returns {@code false} and adds nothing if invalid. */
  private static boolean addMember(String member, BaggageBuilder builder) {
    int semicolon = member.indexOf(';');
    String pair = semicolon < 0 ? member : member.substring(0, semicolon);
    String properties = semicolon < 0 ? "" : Grammar.trimOws(member.substring(semicolon + 1));
    int eq = pair.indexOf('=');
    if (eq < 0) {
      return false;
    }
    String key = Grammar.trimOws(pair.substring(0, eq));
    String rawValue = Grammar.trimOws(pair.substring(eq + 1));
    if (!Grammar.isToken(key) || !isValidEncodedValue(rawValue)) {
      return false;
    }
    String metadata = properties.isEmpty() ? "" : canonicalProperties(properties);
    if (metadata == null) {
      return false;
    }
    String value = percentDecode(rawValue);
    if (value == null) {
      return false;
    }
    builder.put(key, value, BaggageEntryMetadata.create(metadata));
    return true;
  }

  /** {@code baggage-octet}: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
  static boolean isBaggageOctet(char c) {
    return c < 0x80 && BAGGAGE_OCTETS[c];
  }

  private static final boolean[] BAGGAGE_OCTETS = new boolean[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      BAGGAGE_OCTETS[c] =
          c == 0x21
              || (c >= 0x23 && c <= 0x2B)
              || (c >= 0x2D && c <= 0x3A)
              || (c >= 0x3C && c <= 0x5B)
              || (c >= 0x5D && c <= 0x7E);
    }
  }

  private static boolean isValidEncodedValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (!isBaggageOctet(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code property *( OWS ";" OWS property )}, each {@code key OWS "=" OWS value / key}. */
  /**
   * Returns {@code properties} ({@code key[=value]} separated by {@code ;}, with optional white
   * space around each part) without that white space, or {@code null} if any property is invalid.
   * Scans once, without splitting.
   */
  static String canonicalProperties(String properties) {
    StringBuilder out = null;
    int n = properties.length();
    int start = 0;
    while (start <= n) {
      int semicolon = properties.indexOf(';', start);
      int end = semicolon < 0 ? n : semicolon;
      int eq = -1;
      for (int i = start; i < end; i++) { // within this property only, so the scan stays linear
        if (properties.charAt(i) == '=') {
          eq = i;
          break;
        }
      }
      int keyEnd = eq < 0 ? end : eq;
      int keyFrom = skipOws(properties, start, keyEnd);
      int keyTo = trimOwsEnd(properties, keyFrom, keyEnd);
      if (!isTokenRange(properties, keyFrom, keyTo)) {
        return null;
      }
      int valueFrom = 0;
      int valueTo = 0;
      if (eq >= 0) {
        valueFrom = skipOws(properties, eq + 1, end);
        valueTo = trimOwsEnd(properties, valueFrom, end);
        if (!isEncodedValueRange(properties, valueFrom, valueTo)) {
          return null;
        }
      }
      if (out == null) {
        out = new StringBuilder(n);
      } else {
        out.append(';');
      }
      out.append(properties, keyFrom, keyTo);
      if (eq >= 0) {
        out.append('=').append(properties, valueFrom, valueTo);
      }
      if (semicolon < 0) {
        break;
      }
      start = semicolon + 1;
    }
    return out == null ? "" : out.toString();
  }

  private static int skipOws(String s, int from, int to) {
    while (from < to && Grammar.isOws(s.charAt(from))) {
      from++;
    }
    return from;
  }

  private static int trimOwsEnd(String s, int from, int to) {
    while (to > from && Grammar.isOws(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  private static boolean isTokenRange(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Grammar.isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isEncodedValueRange(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isBaggageOctet(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes {@code %XX} sequences as UTF-8; {@code null} for a bad sequence ({@code %}, {@code
   * %G1}). Octets that are not valid UTF-8 decode as U+FFFD, as the specification requires.
   */
  static String percentDecode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          return null;
        }
        int hi = Grammar.hexValue(value.charAt(i + 1));
        int lo = Grammar.hexValue(value.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write((hi << 4) | lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .replaceWith("\uFFFD")
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Writes baggage members into one header, whole members only, within {@code MAX_MEMBERS} and
   * {@code MAX_BYTES}: a member that would overflow is skipped and later smaller ones still fit.
   */
  private static final class HeaderWriter implements BiConsumer<String, BaggageEntry> {
    final StringBuilder header;
    int members;

    HeaderWriter(int entries) {
      header = new StringBuilder(Math.min(MAX_BYTES, Math.max(16, entries * 48)));
    }

    @Override
    public void accept(String key, BaggageEntry entry) {
      if (members >= MAX_MEMBERS
          || !Grammar.isToken(key)
          || key.length() + entry.getValue().length() >= MAX_BYTES) {
        return; // the last test skips a value that cannot fit before encoding it
      }
      int mark = header.length();
      if (mark > 0) {
        header.append(',');
      }
      header.append(key).append('=');
      percentEncode(entry.getValue(), header);
      String metadata = entry.getMetadata().getValue();
      String canonical = metadata.isEmpty() ? null : canonicalProperties(metadata);
      if (canonical != null && !canonical.isEmpty()) {
        header
            .append(';')
            .append(canonical); // without white space: a tab is grammatical, but not sent
      }
      if (header.length() > MAX_BYTES) {
        header.setLength(mark); // too big: drop this member whole
        return;
      }
      members++;
    }
  }

  /** Percent-encodes, as UTF-8, every character that is not a baggage octet, and {@code %}. */
  static void percentEncode(String value, StringBuilder out) {
    if (isPlainOctets(value)) {
      out.append(value);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    for (byte b : utf8) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && isBaggageOctet(c) && c != '%') {
        out.append(c);
      } else {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** Whether every character of {@code value} is written as it is: a baggage octet other than %. */
  private static boolean isPlainOctets(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80 || !isBaggageOctet(c) || c == '%') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "BaggagePropagator";
  }
}
