package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With the default WEBHOOK_ALLOW_PRIVATE_TARGETS=false, webhooks cannot be aimed at the service's own network. */
class WebhookTargetsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "false"));

  @Fixture private static Api api;

  private static Api.Response register(Studio studio, String url) {
    return studio.post("/webhooks", new JsonObject().put("url", url).put("event_types", new JsonArray().add("coupon.redeemed")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9/x", "http://localhost/x", "http://api.localhost/x", "http://10.0.0.5/x",
      "http://192.168.1.10/x", "http://172.16.0.1/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
      "http://[fd00::1]/x", "http://0.0.0.0/x"})
  @DisplayName("a webhook URL naming loopback, private, link-local or unspecified addresses is refused with 400 invalid_url")
  void privateTargetsRefused(String url) {
    Api.Response response = register(Studio.create(api), url);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("invalid_url");
  }

  @Test
  @DisplayName("a webhook URL on a public host name is accepted")
  void publicTargetAccepted() {
    Api.Response response = register(Studio.create(api), "https://hooks.example.com/coupons");

    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }
}
