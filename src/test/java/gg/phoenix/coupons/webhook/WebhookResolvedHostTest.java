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
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With private targets allowed (the way local setups reach a receiver on loopback), a webhook host name is still
 * resolved by the sender itself, once per attempt, through the resolver Vert.x is configured with ({@link TinyDns}
 * here), and the request goes to that address with the URL's host in its Host header.
 */
class WebhookResolvedHostTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true").put("WEBHOOK_POLL_MS", 50)).withOwnDns();

  @Fixture private static TinyDns dns;
  @Fixture private static Api api;
  @Fixture private static WebhookReceiver listener;

  @Test
  @DisplayName("a name is resolved once per attempt and the request carries the name and port in its Host header")
  void resolvedOnceHostKept() {
    dns.answer("allowed.hooks.test", n -> List.of(InetAddress.getLoopbackAddress()));
    WebhookTenant tenant = new WebhookTenant(api);
    String url = listener.url("/allowed", n -> 200).replace("127.0.0.1", "allowed.hooks.test");
    String webhook = tenant.register(url).getString("id");

    tenant.redeem("user_1");
    Streams.until("the listener got the delivery", Duration.ofSeconds(15), () -> !listener.received("/allowed").isEmpty());

    assertThat(listener.received("/allowed").get(0).headers().get("Host")).isEqualTo("allowed.hooks.test:" + listener.port());
    Streams.until("the delivery is recorded", Duration.ofSeconds(5), () -> tenant.attempts(webhook).size() == 1);
    assertThat(dns.queries("allowed.hooks.test")).isEqualTo(1);
  }
}
