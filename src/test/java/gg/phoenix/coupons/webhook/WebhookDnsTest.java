package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.TinyDns;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.json.JsonObject;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook host names resolved by a real DNS server ({@link TinyDns}) that the service's Vert.x asks: names that
 * look harmless when registered but resolve to loopback when the sender connects, one that resolves to a public
 * address first and to loopback afterwards (DNS rebinding), and one that does not resolve. A loopback listener
 * must receive nothing.
 */
class WebhookDnsTest {

  private static final InetAddress PUBLIC = address("93.184.215.14");
  private static final InetAddress LOOPBACK = address("127.0.0.1");

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "false")
      .put("WEBHOOK_TIMEOUT_MS", 1500)
      .put("WEBHOOK_RETRY_BASE_MS", 300)
      .put("WEBHOOK_POLL_MS", 50)).withOwnDns();

  @Fixture private static TinyDns dns;
  @Fixture private static Api api;
  @Fixture private static WebhookReceiver listener;

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String on(String host, String path) {
    return listener.url(path, n -> 200).replace("127.0.0.1", host);
  }

  @Test
  @DisplayName("a name that resolves to 127.0.0.1 is accepted at registration (names are not resolved there) but its delivery is refused_target and nothing reaches the listener")
  void nameResolvingToLoopback() {
    dns.answer("loopback.hooks.test", n -> List.of(LOOPBACK));
    WebhookTenant tenant = new WebhookTenant(api);
    String webhook = tenant.register(on("loopback.hooks.test", "/loopback")).getString("id");

    tenant.redeem("user_1");
    List<JsonObject> attempts = tenant.awaitAttempts(webhook, 2, Duration.ofSeconds(15));

    assertThat(attempts).extracting(a -> a.getString("error")).containsOnly("refused_target");
    assertThat(dns.queries("loopback.hooks.test")).isGreaterThanOrEqualTo(2);
    assertThat(listener.received("/loopback")).isEmpty();
  }

  @Test
  @DisplayName("DNS rebinding: a name answering a public address to the check and 127.0.0.1 afterwards never reaches the listener; each attempt resolves it once and connects to what it checked")
  void rebinding() {
    dns.answer("rebind.hooks.test", n -> n == 1 ? List.of(PUBLIC) : List.of(LOOPBACK));
    WebhookTenant tenant = new WebhookTenant(api);
    String webhook = tenant.register(on("rebind.hooks.test", "/rebind")).getString("id");

    tenant.redeem("user_1");
    List<JsonObject> attempts = tenant.awaitAttempts(webhook, 2, Duration.ofSeconds(20));

    // the first attempt went to the public address it checked (unreachable here), not to a second answer
    assertThat(attempts.get(0).getString("error")).isIn("timeout", "refused");
    assertThat(attempts.get(1).getString("error")).isEqualTo("refused_target");
    assertThat(dns.queries("rebind.hooks.test")).isEqualTo(attempts.size());
    Streams.sleep(300);
    assertThat(listener.received("/rebind")).isEmpty();
  }

  @Test
  @DisplayName("a name with a public and a loopback address, or only an IPv4-mapped loopback AAAA record, is refused_target without connecting")
  void anyPrivateAddressRefuses() throws Exception {
    InetAddress mappedLoopback = Inet6Address.getByAddress(null,
        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}, -1);
    dns.answer("mixed.hooks.test", n -> List.of(PUBLIC, LOOPBACK));
    dns.answer("mapped.hooks.test", n -> List.of(mappedLoopback));
    WebhookTenant tenant = new WebhookTenant(api);
    String mixed = tenant.register(on("mixed.hooks.test", "/mixed")).getString("id");
    String mapped = tenant.register(on("mapped.hooks.test", "/mapped")).getString("id");

    tenant.redeem("user_1");

    assertThat(tenant.awaitAttempts(mixed, 1, Duration.ofSeconds(15)).get(0).getString("error")).isEqualTo("refused_target");
    assertThat(tenant.awaitAttempts(mapped, 1, Duration.ofSeconds(15)).get(0).getString("error")).isEqualTo("refused_target");
    assertThat(listener.received("/mixed")).isEmpty();
    assertThat(listener.received("/mapped")).isEmpty();
  }

  @Test
  @DisplayName("a name that does not resolve fails its attempts with dns_error, naming nothing")
  void unknownName() {
    WebhookTenant tenant = new WebhookTenant(api);
    String webhook = tenant.register("https://nowhere.hooks.test/coupons").getString("id");

    tenant.redeem("user_1");
    List<JsonObject> attempts = tenant.awaitAttempts(webhook, 1, Duration.ofSeconds(15));

    assertThat(attempts.get(0).getString("error")).isEqualTo("dns_error");
    assertThat(tenant.deliveries(webhook).encode()).doesNotContain("nowhere");
  }
}
