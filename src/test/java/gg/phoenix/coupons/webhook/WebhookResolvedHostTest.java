package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TinyDns;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * With private targets allowed (the way local setups reach a receiver on loopback), a webhook host name is still
 * resolved by the sender itself, once per attempt, through the resolver Vert.x is configured with ({@link TinyDns}
 * here), and the request goes to that address with the URL's host in its Host header.
 */
class WebhookResolvedHostTest {

  private static Vertx dnsVertx;
  private static Vertx serviceVertx;
  private static TinyDns dns;
  private static Api api;
  private static WebhookReceiver listener;

  @BeforeAll
  static void deploy() throws Exception {
    dnsVertx = Vertx.vertx();
    dns = new TinyDns(dnsVertx);
    listener = new WebhookReceiver(dnsVertx);
    serviceVertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(dns.resolverOptions()));
    api = TestApp.start(serviceVertx, new JsonObject().put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true").put("WEBHOOK_POLL_MS", 50));
  }

  @AfterAll
  static void close() throws Exception {
    serviceVertx.close().await(30, TimeUnit.SECONDS);
    listener.close();
    dns.close();
    dnsVertx.close().await(30, TimeUnit.SECONDS);
  }

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
