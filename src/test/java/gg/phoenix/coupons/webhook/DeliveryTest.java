package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeliveryTest {

  @Test
  @DisplayName("a delivery written to a log shows neither its signing secrets nor its URL")
  void toStringHidesSecrets() {
    Delivery delivery = new Delivery(UUID.randomUUID(), UUID.randomUUID(), "acme", UUID.randomUUID(), "coupon.redeemed",
        new JsonObject(), 1, Instant.now(), "https://hooks.example.com/in?token=url-token",
        List.of("whsec_current-secret", "whsec_previous-secret"));

    assertThat(delivery.toString()).contains("acme").doesNotContain("whsec_").doesNotContain("url-token");
  }
}
