package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookReceiver;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A webhook is never a valid API request. The attack: a webhook aimed at the service's own redeem endpoint for a
 * coupon the player may use many times; one redemption's event is delivered there, carrying the player's user_id,
 * and when the delivery passed as a signed API request each delivery redeemed again (104 redemptions in 6 s).
 * Private targets are allowed here, so that this layer is tested on its own, without the egress check.
 */
class WebhookReplayTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")
      .put("WEBHOOK_RETRY_BASE_MS", 200)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static WebhookReceiver receiver;

  /** A coupon of user_1 that may be redeemed 1,000 times; answers its code. */
  private static String reusableCoupon(WebhookTenant tenant) {
    String code = Seed.uniqueCode("LOOP");
    UUID item = Seed.rewardItem(tenant.id());
    Seed.coupon(tenant.id(), Seed.definition(tenant.id(), item, Seed.DefinitionSpec.singleUse().uses(1000, null)), "user_1", code);
    return code;
  }

  private static long redemptions(String code) {
    return Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = ?", code);
  }

  @Test
  @DisplayName("a webhook aimed at the service's own redeem endpoint is answered 401 and redeems nothing: one redemption stays one")
  void deliveryIntoOwnApi() {
    WebhookTenant tenant = new WebhookTenant(api);
    String code = reusableCoupon(tenant);
    String redeemPath = "/v1/coupons/" + tenant.id() + "/redeem/" + code;
    String webhook = tenant.register(api.base() + redeemPath).getString("id");

    Api.Response first = api.post(redeemPath, new JsonObject().put("user_id", "user_1"), tenant.server());
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    List<JsonObject> attempts = tenant.awaitAttempts(webhook, 3, Duration.ofSeconds(20));
    Streams.sleep(1000);

    assertThat(redemptions(code)).isEqualTo(1);
    assertThat(attempts).extracting(a -> a.getInteger("status_code")).containsOnly(401);
    assertThat(attempts).extracting(a -> a.getString("error")).containsOnly("http_4xx");
  }

  @Test
  @DisplayName("a real delivery, received on a path like the redeem endpoint's and replayed with all its headers at the API, is refused 401 and changes nothing")
  void capturedDeliveryReplayed() {
    WebhookTenant tenant = new WebhookTenant(api);
    String code = reusableCoupon(tenant);
    String redeemPath = "/v1/coupons/" + tenant.id() + "/redeem/" + code;
    // whoever receives deliveries on this path holds requests signed for the very path the API redeems on
    tenant.register(receiver.url(redeemPath, n -> 204));
    assertThat(api.post(redeemPath, new JsonObject().put("user_id", "user_1"), tenant.server()).status()).isEqualTo(200);
    Streams.until("the delivery arrived", Duration.ofSeconds(15), () -> !receiver.received(redeemPath).isEmpty());
    WebhookReceiver.Received delivery = receiver.received(redeemPath).get(0);

    List<String> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : delivery.headers()) {
      if (!List.of("host", "content-length", "connection").contains(header.getKey().toLowerCase())) {
        headers.add(header.getKey());
        headers.add(header.getValue());
      }
    }
    Api.Response replayed = api.send("POST", redeemPath, delivery.body(), Api.NONE, headers);

    assertThat(replayed.status()).as(replayed.body()).isEqualTo(401);
    assertThat(redemptions(code)).isEqualTo(1);
  }
}
