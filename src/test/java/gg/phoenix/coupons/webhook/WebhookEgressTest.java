package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With WEBHOOK_ALLOW_PRIVATE_TARGETS=false, a webhook aimed at the service's own machine, by a loopback name or a
 * numeric form of a loopback address, is refused when registered and, stored past that check, refused again when
 * the sender connects: a listener on loopback receives nothing.
 */
class WebhookEgressTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "false")
      .put("WEBHOOK_TIMEOUT_MS", 1500)
      .put("WEBHOOK_RETRY_BASE_MS", 60_000)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver listener;

  /** The listener's URL with {@code host} in place of 127.0.0.1. */
  private static String aimedAt(String host, String path) {
    return listener.url(path, n -> 200).replace("127.0.0.1", host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost.", "2130706433", "0x7f.1", "017700000001", "[::ffff:127.0.0.1]", "0.0.0.0",
      "127.1", "[::1]"})
  @DisplayName("registering a webhook on a loopback name or a numeric form of a loopback address is a 400 invalid_url")
  void refusedAtRegistration(String host) {
    Api.Response response = new WebhookTenant(api).tryRegister(aimedAt(host, "/registration"));

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("invalid_url");
    assertThat(listener.received("/registration")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "localhost.", "2130706433", "0x7f.1", "017700000001", "[::ffff:127.0.0.1]", "0.0.0.0",
      "127.1", "[::1]"})
  @DisplayName("a stored webhook aimed at loopback fails its delivery with refused_target, and the loopback listener receives nothing")
  void refusedAtConnect(String host) {
    WebhookTenant tenant = new WebhookTenant(api);
    String path = "/connect/" + Math.abs(host.hashCode());
    String webhook = tenant.store(aimedAt(host, path));

    tenant.redeem("user_1");
    List<JsonObject> attempts = tenant.awaitAttempts(webhook, 1, Duration.ofSeconds(15));

    assertThat(attempts.get(0).getString("error")).isEqualTo("refused_target");
    assertThat(attempts.get(0).getValue("status_code")).isNull();
    Streams.sleep(300);
    assertThat(listener.received(path)).isEmpty();
    assertThat(tenant.deliveries(webhook).encode()).doesNotContain("127.0.0.1").doesNotContain(String.valueOf(listener.port()));
  }
}
