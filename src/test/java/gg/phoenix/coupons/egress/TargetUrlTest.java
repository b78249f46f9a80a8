package gg.phoenix.coupons.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlTest {

  @Test
  @DisplayName("scheme, host as written, port (the scheme's default when absent) and the request target with its query")
  void parts() {
    TargetUrl url = TargetUrl.parse("https://Hooks.Example.com/a/b%20c?x=1&y=2#frag");

    assertThat(url.https()).isTrue();
    assertThat(url.hostText()).isEqualTo("Hooks.Example.com");
    assertThat(url.host().name()).isEqualTo("hooks.example.com");
    assertThat(url.port()).isEqualTo(443);
    assertThat(url.requestTarget()).isEqualTo("/a/b%20c?x=1&y=2");
    assertThat(TargetUrl.parse("http://example.com").requestTarget()).isEqualTo("/");
    assertThat(TargetUrl.parse("http://example.com:").port()).isEqualTo(80);
    assertThat(TargetUrl.parse("http://[::1]:8080/x").port()).isEqualTo(8080);
  }

  @Test
  @DisplayName("hosts java.net.URI gives up on, such as 0x7f.1, are still read from the authority")
  void rawAuthority() {
    TargetUrl url = TargetUrl.parse("http://0x7f.1:9000/hook");

    assertThat(url.host().address().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(url.port()).isEqualTo(9000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/", "/relative", "http://user@example.com/", "http://example.com:99999/",
      "http://example.com:x/", "http://[::1/", "http:///x", "not a url"})
  @DisplayName("other schemes, user info, bad ports and missing hosts are refused")
  void invalid(String url) {
    assertThatThrownBy(() -> TargetUrl.parse(url)).isInstanceOf(InvalidTargetException.class);
  }
}
