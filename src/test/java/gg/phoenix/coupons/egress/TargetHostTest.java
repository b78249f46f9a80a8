package gg.phoenix.coupons.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetHostTest {

  @ParameterizedTest
  @CsvSource({"2130706433, 127.0.0.1", "0x7f.1, 127.0.0.1", "017700000001, 127.0.0.1", "0x7f000001, 127.0.0.1",
      "127.1, 127.0.0.1", "127.0.1, 127.0.0.1", "0177.0.0.1, 127.0.0.1", "0x7F.0.0.1, 127.0.0.1", "127.0.0.1., 127.0.0.1",
      "0, 0.0.0.0", "0.0.0.0, 0.0.0.0", "0x, 0.0.0.0", "10.0x10.1, 10.16.0.1", "3232235777, 192.168.1.1",
      "[::ffff:127.0.0.1], 127.0.0.1", "[::1], 0:0:0:0:0:0:0:1", "8.8.8.8, 8.8.8.8", "134744072, 8.8.8.8"})
  @DisplayName("decimal, octal, hex and shortened IPv4 forms and bracketed IPv6 are read as the address a URL parser connects to")
  void numericForms(String host, String address) {
    TargetHost parsed = TargetHost.parse(host);

    assertThat(parsed.isAddress()).isTrue();
    assertThat(parsed.address().getHostAddress()).isEqualTo(address);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2130706433", "0x7f.1", "017700000001", "[::ffff:127.0.0.1]", "0.0.0.0", "localhost", "localhost.",
      "LocalHost", "api.localhost", "api.localhost.", "[::]", "[fd00::1]", "10.1", "0xa9.0xfe.0xa9.0xfe"})
  @DisplayName("loopback, private and unspecified addresses in any form, and localhost names, are known private without resolving")
  void knownPrivate(String host) {
    assertThat(TargetHost.parse(host).isKnownPrivate()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hooks.example.com", "hooks.example.com.", "8.8.8.8", "134744072", "[2606:4700:4700::1111]", "my-host"})
  @DisplayName("public addresses and names are not known private (a name is checked once resolved)")
  void notKnownPrivate(String host) {
    assertThat(TargetHost.parse(host).isKnownPrivate()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1.2.65536", "4294967296", "08.0.0.1", "0x1g.1", "example.123",
      "a..b", "", "[fe80::1%25eth0]", "[localhost]", "%31%32%37.0.0.1", "exa mple.com", "[1.2.3.4]"})
  @DisplayName("hosts that end in a number but are no valid address, or are not host names at all, are refused rather than looked up")
  void invalid(String host) {
    assertThatThrownBy(() -> TargetHost.parse(host)).isInstanceOf(InvalidTargetException.class);
  }

  @Test
  @DisplayName("a name keeps its trailing dot for the resolver and is lower-cased")
  void names() {
    assertThat(TargetHost.parse("Hooks.Example.COM.").name()).isEqualTo("hooks.example.com.");
    assertThat(TargetHost.parse("hooks.example.com").isAddress()).isFalse();
  }
}
