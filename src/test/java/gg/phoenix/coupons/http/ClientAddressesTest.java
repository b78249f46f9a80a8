package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.api.IpAddresses;
import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which address a request came from, given its TCP peer, its X-Forwarded-For fields and TRUSTED_PROXIES. */
class ClientAddressesTest {

  private static ClientAddresses trusting(String ranges) {
    return new ClientAddresses(IpAddresses.parseRanges(ranges, "TRUSTED_PROXIES"));
  }

  @Test
  @DisplayName("with no trusted proxy (the default) X-Forwarded-For is never read: the peer is the client")
  void noTrustIgnoresHeader() {
    assertThat(trusting("").resolve("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  @DisplayName("a peer outside TRUSTED_PROXIES is the client, whatever X-Forwarded-For it sends")
  void untrustedPeerIgnored() {
    assertThat(trusting("10.0.0.0/8").resolve("203.0.113.7", List.of("10.0.0.5, 198.51.100.1"))).isEqualTo("203.0.113.7");
  }

  @Test
  @DisplayName("behind a trusted proxy the rightmost untrusted entry is the client; what the caller wrote further left is not believed")
  void rightmostUntrusted() {
    ClientAddresses addresses = trusting("10.0.0.0/8");

    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    // The caller sent "X-Forwarded-For: 192.0.2.66" hoping to be someone else; nginx appended its real address.
    assertThat(addresses.resolve("10.0.0.2", List.of("192.0.2.66, 198.51.100.1"))).isEqualTo("198.51.100.1");
    // Two proxies of ours in a row: the first one's peer is the client.
    assertThat(addresses.resolve("10.0.0.2", List.of("192.0.2.66, 198.51.100.1, 10.0.0.3"))).isEqualTo("198.51.100.1");
  }

  @Test
  @DisplayName("several X-Forwarded-For fields are one list, in the order received")
  void severalFieldsAreOneList() {
    ClientAddresses addresses = trusting("10.0.0.0/8");

    assertThat(addresses.resolve("10.0.0.2", List.of("192.0.2.66", "198.51.100.1, 10.0.0.3"))).isEqualTo("198.51.100.1");
    assertThat(addresses.resolve("10.0.0.2", List.of("192.0.2.66, 10.0.0.9", "10.0.0.3"))).isEqualTo("192.0.2.66");
  }

  @Test
  @DisplayName("an entry that is not an address stops the walk at the proxy that passed it on; a name is never resolved")
  void garbageStopsAtLastTrustedHop() {
    ClientAddresses addresses = trusting("10.0.0.0/8");

    assertThat(addresses.resolve("10.0.0.2", List.of("evil.example.com"))).isEqualTo("10.0.0.2");
    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1, unknown, 10.0.0.3"))).isEqualTo("10.0.0.3");
    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1, 1.2.3"))).isEqualTo("10.0.0.2");
    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1, _hidden"))).isEqualTo("10.0.0.2");
    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1, fe80::1%eth0"))).isEqualTo("10.0.0.2");
    assertThat(addresses.resolve("10.0.0.2", List.of("x".repeat(5000)))).isEqualTo("10.0.0.2");
  }

  @Test
  @DisplayName("empty list elements are skipped, ports and brackets are dropped, IPv6 comes out in canonical form")
  void formsOfEntries() {
    ClientAddresses addresses = trusting("10.0.0.0/8, ::1/128");

    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1,, ,"))).isEqualTo("198.51.100.1");
    assertThat(addresses.resolve("10.0.0.2", List.of("198.51.100.1:4711"))).isEqualTo("198.51.100.1");
    assertThat(addresses.resolve("10.0.0.2", List.of("[2001:DB8:0:0::7]:443"))).isEqualTo("2001:db8::7");
    assertThat(addresses.resolve("0:0:0:0:0:0:0:1", List.of("2001:db8::7"))).isEqualTo("2001:db8::7");
    assertThat(addresses.resolve("::ffff:10.0.0.2", List.of("::ffff:198.51.100.1"))).isEqualTo("198.51.100.1");
  }

  @Test
  @DisplayName("every hop one of our proxies: the leftmost is where the request started")
  void allTrusted() {
    assertThat(trusting("10.0.0.0/8").resolve("10.0.0.2", List.of("10.0.0.7, 10.0.0.3"))).isEqualTo("10.0.0.7");
    assertThat(trusting("10.0.0.0/8").resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
  }

  @Test
  @DisplayName("attempts are counted per IPv4 address and per IPv6 /64, whatever the spelling; what is not an address stays as it is")
  void countedNetworks() {
    assertThat(IpAddresses.countedNetwork("198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(IpAddresses.countedNetwork("2001:db8:1:2:a:b:c:d")).isEqualTo("2001:db8:1:2::/64");
    assertThat(IpAddresses.countedNetwork("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
    assertThat(IpAddresses.countedNetwork("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
    assertThat(IpAddresses.countedNetwork("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(IpAddresses.countedNetwork("unknown")).isEqualTo("unknown");
  }

  @Test
  @DisplayName("ranges hold their prefix exactly, for IPv4, IPv6 and IPv4-mapped forms")
  void ranges() {
    List<IpAddresses.Range> ranges = IpAddresses.parseRanges(" 172.16.0.0/12 , 2001:db8::/32, 192.0.2.1, ::ffff:198.51.100.0/120", "K");

    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("172.31.255.255"))).isTrue();
    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("172.32.0.0"))).isFalse();
    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("2001:db8:ffff::1"))).isTrue();
    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("2001:db9::1"))).isFalse();
    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("192.0.2.1"))).isTrue();
    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("192.0.2.2"))).isFalse();
    assertThat(IpAddresses.anyContains(ranges, IpAddresses.parse("198.51.100.77"))).isTrue();
    assertThat(IpAddresses.parseRanges("", "K")).isEmpty();
  }

  @Test
  @DisplayName("a bad TRUSTED_PROXIES stops start-up with one line naming the key")
  void badConfiguration() throws Exception {
    JsonObject defaults = new JsonObject(Files.readString(Path.of("conf/config.json")));
    for (String bad : List.of("10.0.0.0/33", "proxy.internal", "10.0.0.0/8 10.1.0.0/16", "::1/129", "10.0.0.0/", "*")) {
      assertThatThrownBy(() -> ServiceConfig.from(defaults.copy().put("TRUSTED_PROXIES", bad)))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Configuration key TRUSTED_PROXIES");
    }
    assertThat(ServiceConfig.from(defaults.copy().put("TRUSTED_PROXIES", "127.0.0.1/32, ::1")).edge().trustedProxies()).hasSize(2);
  }
}
