package gg.phoenix.coupons.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;

/** A studio driving the management API with HMAC-signed requests, as its game backend would. */
public final class Studio {

  public final Api api;
  public final String tenantId;
  public final String secret;
  public final Api.Auth server;

  public Studio(Api api, String tenantId, String secret) {
    this.api = api;
    this.tenantId = tenantId;
    this.secret = secret;
    this.server = Credentials.hmac(tenantId, secret);
  }

  /** A new tenant made straight in the database. */
  public static Studio create(Api api) {
    Seed.Tenant tenant = Seed.tenant();
    return new Studio(api, tenant.id(), tenant.secret());
  }

  public String path(String rest) {
    return "/v1/coupons/" + tenantId + rest;
  }

  public Api.Response post(String rest, JsonObject body) {
    return api.post(path(rest), body, server);
  }

  public Api.Response get(String rest) {
    return api.get(path(rest), server);
  }

  public Api.Response patch(String rest, JsonObject body) {
    return api.send("PATCH", path(rest), body.encode(), server, java.util.List.of());
  }

  public String rewardItem() {
    Api.Response response = post("/reward-items", new JsonObject()
        .put("name", "100 Bonus Points").put("description", "Grants 100 bonus points to the user")
        .put("reward_type", "points").put("payload", new JsonObject().put("amount", 100)));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().getString("item_id");
  }

  /** Creates a definition with this config (reward_item_id filled in when absent) and answers its JSON. */
  public JsonObject definition(JsonObject config) {
    if (!config.containsKey("reward_item_id")) {
      config.put("reward_item_id", rewardItem());
    }
    Api.Response response = post("/definitions", new JsonObject()
        .put("name", "Welcome Bonus").put("description", "Welcome bonus for new users").put("config", config));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  public static JsonObject perUser(int maxUses, Integer maxTotal) {
    JsonObject limit = new JsonObject().put("limit_type", "per_user").put("max_uses", maxUses);
    if (maxTotal != null) {
      limit.put("max_total_uses", maxTotal);
    }
    return limit;
  }

  public Api.Response redeem(String code, String userId) {
    return post("/redeem/" + code, new JsonObject().put("user_id", userId));
  }
}
