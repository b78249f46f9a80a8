package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class DefinitionsTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  @Test
  @DisplayName("a reward item is created with 201 and its item_id, and listed afterwards")
  void rewardItems() {
    String itemId = studio.rewardItem();

    JsonObject list = studio.get("/reward-items").json();

    assertThat(list.getInteger("total")).isEqualTo(1);
    assertThat(list.getJsonArray("reward_items").getJsonObject(0).getString("item_id")).isEqualTo(itemId);
    assertThat(list.getJsonArray("reward_items").getJsonObject(0).getJsonObject("payload")).isEqualTo(new JsonObject().put("amount", 100));
  }

  @Test
  @DisplayName("a definition is created with 201 in the guide's shape, defaults filled in, and is listed as active")
  void createDefinition() {
    String itemId = studio.rewardItem();

    JsonObject definition = studio.definition(new JsonObject().put("reward_item_id", itemId)
        .put("code_prefix", "WELCOME").put("usage_limit", Studio.perUser(1, null)));

    assertThat(definition.fieldNames()).contains("id", "tenant_id", "name", "description", "config", "status",
        "starts_at", "expires_at", "created_at");
    assertThat(definition.getString("status")).isEqualTo("active");
    assertThat(definition.getJsonObject("config")).isEqualTo(new JsonObject()
        .put("reward_item_id", itemId).put("code_format", "random").put("code_prefix", "WELCOME").put("code_length", 8)
        .put("case_sensitive", false).put("usage_limit", Studio.perUser(1, null)).put("coupon_type", "reward"));
    JsonObject listed = studio.get("/definitions").json();
    assertThat(listed.getJsonArray("definitions").getJsonObject(0)).isEqualTo(definition);
  }

  @Test
  @DisplayName("a definition naming another tenant's reward item is refused with 400")
  void foreignRewardItem() {
    String foreignItem = Studio.create(api).rewardItem();

    Api.Response response = studio.post("/definitions", new JsonObject().put("name", "X")
        .put("config", new JsonObject().put("reward_item_id", foreignItem)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("invalid_reward_item");
  }

  @Test
  @DisplayName("malformed definitions get 400 naming the field: missing name, unknown format, bad limit, bad dates")
  void badDefinitions() {
    String item = studio.rewardItem();
    JsonObject config = new JsonObject().put("reward_item_id", item);

    assertThat(studio.post("/definitions", new JsonObject().put("config", config)).json().getString("error")).isEqualTo("invalid_name");
    assertThat(studio.post("/definitions", new JsonObject().put("name", "x").put("config", config.copy().put("code_format", "emoji")))
        .json().getString("error")).isEqualTo("invalid_code_format");
    assertThat(studio.post("/definitions", new JsonObject().put("name", "x").put("config", config.copy()
        .put("usage_limit", new JsonObject().put("limit_type", "per_user").put("max_uses", 0)))).json().getString("error"))
        .isEqualTo("invalid_max_uses");
    assertThat(studio.post("/definitions", new JsonObject().put("name", "x").put("config", config).put("expires_at", "tomorrow"))
        .status()).isEqualTo(400);
    assertThat(api.post(studio.path("/definitions"), "{not json", studio.server).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a paused definition's coupons neither validate nor redeem, with 'Coupon definition is paused'")
  void pausedDefinition() {
    JsonObject definition = studio.definition(new JsonObject().put("usage_limit", Studio.perUser(1, null)));
    String code = studio.post("/definitions/" + definition.getString("id") + "/coupons", new JsonObject().put("count", 1))
        .json().getJsonArray("coupons").getJsonObject(0).getString("code");

    Api.Response patched = studio.patch("/definitions/" + definition.getString("id"), new JsonObject().put("status", "paused"));

    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().getString("status")).isEqualTo("paused");
    assertThat(studio.get("/validate/" + code).json().getString("error")).isEqualTo("Coupon definition is paused");
    Api.Response redeem = studio.redeem(code, "player-1");
    assertThat(redeem.status()).isEqualTo(400);
    assertThat(redeem.json().getString("message")).isEqualTo("Coupon definition is paused");
    assertThat(studio.get("/definitions").json().getInteger("total")).isZero();
    assertThat(studio.get("/definitions/" + definition.getString("id")).json().getString("status")).isEqualTo("paused");
  }

  @Test
  @DisplayName("PATCH changes name, description and expires_at, and refuses an unknown status with 400")
  void patchDefinition() {
    String id = studio.definition(new JsonObject()).getString("id");

    JsonObject patched = studio.patch("/definitions/" + id, new JsonObject()
        .put("name", "Renamed").put("description", "New").put("expires_at", "2030-01-01T00:00:00Z")).json();
    Api.Response bad = studio.patch("/definitions/" + id, new JsonObject().put("status", "deleted"));

    assertThat(patched.getString("name")).isEqualTo("Renamed");
    assertThat(patched.getString("description")).isEqualTo("New");
    assertThat(patched.getString("expires_at")).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(studio.get("/definitions/" + UUID.randomUUID()).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("management endpoints refuse a tenant JWT with 403: JWTs belong to players' front ends")
  void jwtRefused() {
    Api.Auth jwt = bearer(tenantJwt(studio.tenantId, studio.secret, null, 3600));

    Api.Response response = api.post(studio.path("/reward-items"), new JsonObject().put("name", "x").put("reward_type", "points"), jwt);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().getString("error")).isEqualTo("forbidden");
    assertThat(studio.get("/reward-items").json().getInteger("total")).isZero();
  }
}
