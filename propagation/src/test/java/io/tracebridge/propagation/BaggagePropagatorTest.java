package io.tracebridge.propagation;

import static io.tracebridge.propagation.Carriers.extract;
import static io.tracebridge.propagation.Carriers.inject;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vectors written from the W3C Baggage specification. */
class BaggagePropagatorTest {
  private static final BaggagePropagator BAGGAGE = BaggagePropagator.getInstance();

  private static Baggage baggage(String... namesAndValues) {
    return Baggage.fromContext(extract(BAGGAGE, namesAndValues));
  }

  @Test
  void membersAreParsedWithOptionalWhitespace() {
    Baggage b = baggage("baggage", "userId=alice , serverNode = DF%2028,isProduction=false");

    assertThat(b.getEntryValue("userId")).isEqualTo("alice");
    assertThat(b.getEntryValue("serverNode")).isEqualTo("DF 28");
    assertThat(b.getEntryValue("isProduction")).isEqualTo("false");
  }

  @Test
  void percentEncodingIsUtf8AndPlusIsAPlusNotASpace() {
    Baggage b = baggage("baggage", "price=%E2%82%AC10,expr=a+b,pct=100%25");

    assertThat(b.getEntryValue("price")).isEqualTo("€10");
    assertThat(b.getEntryValue("expr")).isEqualTo("a+b");
    assertThat(b.getEntryValue("pct")).isEqualTo("100%");
  }

  @Test
  void propertiesAreKeptAsMetadataAndSentAgain() {
    Baggage b = baggage("baggage", "key1=value1;property1;property2=x, key2=value2");

    assertThat(b.getEntry("key1").getMetadata().getValue()).isEqualTo("property1;property2=x");
    assertThat(inject(BAGGAGE, Context.root().with(b)).get("baggage"))
        .contains("key1=value1;property1;property2=x")
        .contains("key2=value2");
  }

  @Test
  void aMemberThatCannotBeParsedIsDroppedAlone() {
    Baggage b =
        baggage(
            "baggage",
            "good=1,bad key=2,noequals,badpct=%G1,cut=%F,quote=\"x\",ok=3,prop=1;bad prop");

    assertThat(b.asMap().keySet()).containsExactlyInAnyOrder("good", "ok");
  }

  @Test
  void octetsThatAreNotUtf8DecodeAsTheReplacementCharacterAndTheMemberIsKept() {
    // W3C Baggage: "...MUST replace invalid UTF-8 sequences with the replacement code point
    // U+FFFD".
    Baggage b = baggage("baggage", "k=%FF,lone=%C3,mixed=a%E2%82b,ok=caf%C3%A9");

    assertThat(b.getEntryValue("k")).isEqualTo("\uFFFD");
    assertThat(b.getEntryValue("lone")).isEqualTo("\uFFFD");
    assertThat(b.getEntryValue("mixed")).isEqualTo("a\uFFFDb");
    assertThat(b.getEntryValue("ok")).isEqualTo("caf\u00e9");
  }

  @Test
  void aHundredHeadersOf8KbEachYieldAtMost64MembersAnd8192Bytes() {
    String[] headers = new String[200];
    for (int h = 0; h < 100; h++) {
      StringBuilder header = new StringBuilder();
      for (int m = 0; header.length() < 8_000; m++) {
        header
            .append(header.length() == 0 ? "" : ",")
            .append("h")
            .append(h)
            .append("m")
            .append(m)
            .append('=')
            .append("v".repeat(20));
      }
      headers[2 * h] = "baggage";
      headers[2 * h + 1] = header.toString();
    }

    Baggage b = baggage(headers);

    assertThat(b.size()).isLessThanOrEqualTo(64);
    int bytes =
        b.asMap().entrySet().stream()
            .mapToInt(e -> e.getKey().length() + 1 + e.getValue().getValue().length())
            .sum();
    assertThat(bytes).isLessThanOrEqualTo(8192);
    assertThat(b.getEntryValue("h0m0")).isEqualTo("v".repeat(20)); // the first ones are kept
  }

  @Test
  void severalBaggageHeadersAreCombined() {
    Baggage b = baggage("baggage", "a=1", "baggage", "b=2,c=3");

    assertThat(b.asMap().keySet()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void atMost64MembersAreKeptAcrossAllHeaders() {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      members.add("k" + i + "=v");
    }
    List<String> more = new ArrayList<>();
    for (int i = 40; i < 80; i++) {
      more.add("k" + i + "=v");
    }
    Baggage b = baggage("baggage", String.join(",", members), "baggage", String.join(",", more));

    assertThat(b.size()).isEqualTo(64);
    assertThat(b.getEntryValue("k63")).isEqualTo("v");
    assertThat(b.getEntryValue("k64")).isNull();
  }

  @Test
  void atMost8192BytesAreReadAcrossAllHeaders() {
    String big = "a=" + "x".repeat(5000);
    Baggage b =
        baggage("baggage", big, "baggage", "b=" + "y".repeat(3000) + ",c=small", "baggage", "d=1");

    assertThat(b.getEntryValue("a")).hasSize(5000);
    assertThat(b.getEntryValue("b")).hasSize(3000);
    // 5002 + 1 + 3002 + 1 + 7 = 8013 bytes so far; "d=1" would still fit
    assertThat(b.getEntryValue("c")).isEqualTo("small");
    Baggage over = baggage("baggage", "a=" + "x".repeat(8190), "baggage", "b=1");
    assertThat(over.getEntryValue("a")).hasSize(8190);
    assertThat(over.getEntryValue("b")).isNull();
  }

  @Test
  void injectPercentEncodesEverythingOutsideTheValueGrammar() {
    Baggage b =
        Baggage.builder()
            .put("k", "a b,c;d\\e\"f%g€\r\n")
            .put("bad key", "dropped")
            .put("p", "v", BaggageEntryMetadata.create("ttl=5"))
            .build();

    String header = inject(BAGGAGE, Context.root().with(b)).get("baggage");

    assertThat(header).contains("k=a%20b%2Cc%3Bd%5Ce%22f%25g%E2%82%AC%0D%0A").contains("p=v;ttl=5");
    assertThat(header).doesNotContain("bad key");
    assertThat(Baggage.fromContext(extract(BAGGAGE, "baggage", header)).getEntryValue("k"))
        .isEqualTo("a b,c;d\\e\"f%g€\r\n");
  }

  @Test
  void extractedEntriesAreAddedToTheBaggageAlreadyInTheContext() {
    Context existing =
        Context.root().with(Baggage.builder().put("local", "1").put("k", "old").build());

    Context ctx =
        BAGGAGE.extract(existing, Carriers.headers("baggage", "k=new"), MapCarrier.multiGetter());

    assertThat(Baggage.fromContext(ctx).getEntryValue("local")).isEqualTo("1");
    assertThat(Baggage.fromContext(ctx).getEntryValue("k")).isEqualTo("new");
  }

  @Test
  void nothingValidMeansTheOriginalContext() {
    Context original = Context.root();

    assertThat(
            BAGGAGE.extract(
                original, Carriers.headers("baggage", ",,bad"), MapCarrier.multiGetter()))
        .isSameAs(original);
  }
}
