package io.tracebridge.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorityTest {
  @Test
  void hostsPortsAndBracketedIpv6AddressesAreSplitAndUserInfoIsDropped() {
    assertThat(Authority.parse("pricing:50051"))
        .isEqualTo(new Authority("pricing:50051", "pricing", 50051));
    assertThat(Authority.parse("[::1]:8443")).isEqualTo(new Authority("[::1]:8443", "::1", 8443));
    assertThat(Authority.parse("[::1]")).isEqualTo(new Authority("[::1]", "::1", -1));
    assertThat(Authority.parse("user@db:1")).isEqualTo(new Authority("user@db:1", "db", 1));
    assertThat(Authority.parse("pricing")).isEqualTo(new Authority("pricing", "pricing", -1));
    assertThat(Authority.parse("pricing:http"))
        .isEqualTo(new Authority("pricing:http", "pricing:http", -1));
    assertThat(Authority.parse("")).isNull();
    assertThat(Authority.parse(null)).isNull();
  }

  @Test
  void theCacheKeepsTheLastAuthorityAndParsesAgainWhenItChanges() {
    Authority.Cache cache = new Authority.Cache();
    Authority first = cache.of("pricing:50051");
    assertThat(cache.of(new String("pricing:50051"))).isSameAs(first);

    Authority other = cache.of("inventory:8080");
    assertThat(other.host()).isEqualTo("inventory");
    assertThat(cache.of("pricing:50051")).isEqualTo(first);
    assertThat(cache.of(null)).isNull();
  }
}
