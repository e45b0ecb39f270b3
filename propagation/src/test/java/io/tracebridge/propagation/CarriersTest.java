package io.tracebridge.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarriersTest {
  @Test
  void mapGetterIgnoresCaseAndGetAllReturnsTheValue() {
    Map<String, String> map = new HashMap<>(Map.of("TraceParent", "x"));

    assertThat(MapCarrier.getter().get(map, "traceparent")).isEqualTo("x");
    assertThat(MapCarrier.getter().getAll(map, "TRACEPARENT")).toIterable().containsExactly("x");
    assertThat(MapCarrier.getter().get(map, "missing")).isNull();
    assertThat(MapCarrier.getter().getAll(map, "missing")).toIterable().isEmpty();
    assertThat(MapCarrier.getter().get(null, "x")).isNull();
  }

  @Test
  void mapSetterReplacesAValueStoredUnderAnotherCase() {
    Map<String, String> map = new HashMap<>(Map.of("TraceParent", "old"));

    MapCarrier.setter().set(map, "traceparent", "new");
    MapCarrier.setter().set(null, "k", "v");

    assertThat(map).containsExactly(Map.entry("traceparent", "new"));
  }

  @Test
  void multiMapGetterReturnsEveryValueAndSetterReplaces() {
    Map<String, List<String>> map = new HashMap<>();
    map.put("Tracestate", new ArrayList<>(List.of("a=1", "b=2")));

    assertThat(MapCarrier.multiGetter().getAll(map, "tracestate"))
        .toIterable()
        .containsExactly("a=1", "b=2");
    assertThat(MapCarrier.multiGetter().get(map, "tracestate")).isEqualTo("a=1");
    MapCarrier.multiSetter().set(map, "tracestate", "c=3");
    assertThat(map).containsExactly(Map.entry("tracestate", List.of("c=3")));
  }

  @Test
  void jdkHttpServerHeadersAreReadInAnyCaseAndSetReplaces() {
    Headers headers = new Headers();
    headers.add("Traceparent", "x");
    headers.add("Baggage", "a=1");
    headers.add("Baggage", "b=2");

    assertThat(HttpServerCarrier.getter().get(headers, "traceparent")).isEqualTo("x");
    assertThat(HttpServerCarrier.getter().getAll(headers, "baggage"))
        .toIterable()
        .containsExactly("a=1", "b=2");
    HttpServerCarrier.setter().set(headers, "baggage", "c=3");
    assertThat(headers.get("baggage")).containsExactly("c=3");
  }
}
