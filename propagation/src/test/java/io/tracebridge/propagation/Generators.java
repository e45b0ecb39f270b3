package io.tracebridge.propagation;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of valid contexts and of hostile header text. */
final class Generators {
  private Generators() {}

  static Arbitrary<String> hex(int length) {
    return Arbitraries.strings()
        .withChars("0123456789abcdef")
        .ofLength(length)
        .filter(s -> !s.chars().allMatch(c -> c == '0'));
  }

  static Arbitrary<TraceState> traceStates() {
    Arbitrary<String> keys =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> values =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(v -> v.replace(",", "").replace("=", ""))
            .filter(v -> !v.isEmpty());
    return Combinators.combine(keys, values)
        .as((k, v) -> k + "=" + v)
        .list()
        .ofMaxSize(5)
        .map(
            members -> {
              TraceStateBuilder b = TraceState.builder();
              for (int i = members.size() - 1; i >= 0; i--) {
                String[] kv = members.get(i).split("=", 2);
                b.put(kv[0], kv[1]);
              }
              return b.build();
            });
  }

  static Arbitrary<Context> spanContexts() {
    return Combinators.combine(hex(32), hex(16), Arbitraries.of(0, 1, 2, 3), traceStates())
        .as(
            (trace, span, flags, state) ->
                Context.root()
                    .with(
                        Span.wrap(
                            SpanContext.create(
                                trace, span, TraceFlags.fromByte(flags.byteValue()), state))));
  }

  /** Baggage with token keys and any printable Unicode values, some with properties. */
  static Arbitrary<Baggage> baggages() {
    Arbitrary<String> keys =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
    Arbitrary<String> values =
        Arbitraries.strings()
            .all()
            .ofMaxLength(20)
            .filter(
                v ->
                    v.codePoints()
                        .allMatch(
                            cp -> !Character.isSurrogate((char) cp) && cp >= 0x20 && cp != 0x7f));
    Arbitrary<String> metadata = Arbitraries.of("", "ttl=5", "prop", "a=b;c");
    return Combinators.combine(keys, values, metadata)
        .as(List::of)
        .list()
        .ofMaxSize(6)
        .map(
            entries -> {
              BaggageBuilder b = Baggage.builder();
              for (List<String> e : entries) {
                b.put(e.get(0), e.get(1), BaggageEntryMetadata.create(e.get(2)));
              }
              return b.build();
            });
  }

  /** Hostile text: random strings, including control characters, non-ASCII and separators. */
  static Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().withChars("0123456789abcdefABCDEF-:=,;% \t\r\n@*/").ofMaxLength(120),
        Arbitraries.strings().withChars("0123456789abcdef-").ofMinLength(50).ofMaxLength(60));
  }

  /** A valid header with one character changed, inserted or removed. */
  static Arbitrary<String> mutated(String valid) {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, valid.length() - 1);
    Arbitrary<Character> c = Arbitraries.chars().all();
    return Combinators.combine(at, c, Arbitraries.of(0, 1, 2))
        .as(
            (i, ch, op) -> {
              switch (op) {
                case 0:
                  return valid.substring(0, i) + ch + valid.substring(i + 1);
                case 1:
                  return valid.substring(0, i) + ch + valid.substring(i);
                default:
                  return valid.substring(0, i) + valid.substring(i + 1);
              }
            });
  }
}
