package gg.phoenix.coupons.bus;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.api.PlayerContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The event-bus request records: the JSON they put on the bus, field by field, and back. */
class RequestRecordsTest {

  @Test
  @DisplayName("a validate travels as tenant_id, code, user_id, credential, client and, for a signed read, signature_id")
  void validate() {
    ValidateRequest signed = new ValidateRequest("studio", "SUMMER", "p1", PlayerContext.NONE, "server", "10.0.0.1", "sig");
    assertThat(signed.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("code", "SUMMER")
        .put("user_id", "p1").put("credential", "server").put("client", "10.0.0.1").put("signature_id", "sig"));
    assertThat(ValidateRequest.fromJson(signed.toJson())).isEqualTo(signed);

    ValidateRequest unsigned = new ValidateRequest("studio", "SUMMER", null, PlayerContext.NONE, "player", "10.0.0.1", null);
    assertThat(unsigned.toJson().containsKey("signature_id")).isFalse();
    assertThat(ValidateRequest.fromJson(unsigned.toJson())).isEqualTo(unsigned);
  }

  @Test
  @DisplayName("a redeem travels as tenant_id, code, user_id, credential and client, and reads back past an attached idempotency key")
  void redeem() {
    RedeemRequest redeem = new RedeemRequest("studio", "SUMMER", "p1", PlayerContext.NONE, "player", "2001:db8::/64");
    assertThat(redeem.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("code", "SUMMER")
        .put("user_id", "p1").put("credential", "player").put("client", "2001:db8::/64"));
    JsonObject withKey = redeem.toJson().put("idempotency", new JsonObject().put("key", "k"));
    assertThat(RedeemRequest.fromJson(withKey)).isEqualTo(redeem);
  }

  @Test
  @DisplayName("a redeem and a validate with a player's context carry it as context, and read it back whole")
  void context() {
    PlayerContext context = new PlayerContext("DE", "ios", 12L, java.util.List.of("vip", "beta"),
        java.time.Instant.parse("2026-01-01T00:00:00Z"));
    RedeemRequest redeem = new RedeemRequest("studio", "SUMMER", "p1", context, "server", "10.0.0.1");
    ValidateRequest validate = new ValidateRequest("studio", "SUMMER", "p1", context, "server", "10.0.0.1", null);

    assertThat(redeem.toJson().getJsonObject("context")).isEqualTo(new JsonObject().put("country", "DE")
        .put("platform", "ios").put("level", 12L).put("segments", new JsonArray().add("vip").add("beta"))
        .put("player_created_at", "2026-01-01T00:00:00Z"));
    assertThat(RedeemRequest.fromJson(redeem.toJson())).isEqualTo(redeem);
    assertThat(ValidateRequest.fromJson(validate.toJson())).isEqualTo(validate);
  }

  @Test
  @DisplayName("a rollback travels as tenant_id, redemption_id and reason")
  void rollback() {
    RollbackRequest rollback = new RollbackRequest("studio", "0b5e", "refund");
    assertThat(rollback.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("redemption_id", "0b5e")
        .put("reason", "refund"));
    assertThat(RollbackRequest.fromJson(rollback.toJson())).isEqualTo(rollback);
  }

  @Test
  @DisplayName("a management request travels as tenant_id, id and body, leaving out what the route does not have")
  void management() {
    ManagementRequest generate = new ManagementRequest("studio", "def-1", new JsonObject().put("count", 5));
    assertThat(generate.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("id", "def-1")
        .put("body", new JsonObject().put("count", 5)));
    assertThat(ManagementRequest.fromJson(generate.toJson())).isEqualTo(generate);
    assertThat(new ManagementRequest(null, "studio", null).toJson()).isEqualTo(new JsonObject().put("id", "studio"));
  }

  @Test
  @DisplayName("a message about one tenant travels as tenant_id alone")
  void tenant() {
    assertThat(new TenantRef("studio").toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio"));
    assertThat(TenantRef.fromJson(new JsonObject().put("tenant_id", "studio"))).isEqualTo(new TenantRef("studio"));
  }

  @Test
  @DisplayName("a player's list request travels as tenant_id, user_id, coupon_id, limit and cursor, leaving out what the route lacks")
  void player() {
    PlayerRequest page = new PlayerRequest("studio", "p1", null, 50, "abc");
    assertThat(page.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("user_id", "p1").put("limit", 50)
        .put("cursor", "abc"));
    assertThat(PlayerRequest.fromJson(page.toJson())).isEqualTo(page);
    PlayerRequest coupon = new PlayerRequest("studio", "p1", "c-1", null, null);
    assertThat(coupon.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("user_id", "p1").put("coupon_id", "c-1"));
    assertThat(PlayerRequest.fromJson(coupon.toJson())).isEqualTo(coupon);
  }

  @Test
  @DisplayName("a webhook request travels as tenant_id and what its route has of webhook_id, url, event_types, previous_secret_valid_seconds, limit and delivery_id")
  void webhook() {
    WebhookRequest create = new WebhookRequest("studio", null, "https://hooks.example.com", new JsonArray()
        .add("coupon.redeemed"), null, null, null);
    assertThat(create.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("url", "https://hooks.example.com")
        .put("event_types", new JsonArray().add("coupon.redeemed")));
    assertThat(WebhookRequest.fromJson(create.toJson())).isEqualTo(create);
    WebhookRequest rotate = new WebhookRequest("studio", "w-1", null, null, 0, null, null);
    assertThat(rotate.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("webhook_id", "w-1")
        .put("previous_secret_valid_seconds", 0));
    assertThat(WebhookRequest.fromJson(rotate.toJson())).isEqualTo(rotate);
    WebhookRequest retry = WebhookRequest.ofDelivery("studio", "w-1", "d-1");
    assertThat(retry.toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("webhook_id", "w-1")
        .put("delivery_id", "d-1"));
    assertThat(WebhookRequest.fromJson(retry.toJson())).isEqualTo(retry);
  }

  @Test
  @DisplayName("an events page request travels as tenant_id, limit and, when given, after")
  void events() {
    assertThat(new EventsRequest("studio", null, 100).toJson()).isEqualTo(new JsonObject().put("tenant_id", "studio").put("limit", 100));
    EventsRequest after = new EventsRequest("studio", "e-1", 10);
    assertThat(EventsRequest.fromJson(after.toJson())).isEqualTo(after);
  }
}
