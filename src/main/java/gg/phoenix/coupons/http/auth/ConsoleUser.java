package gg.phoenix.coupons.http.auth;

import io.vertx.core.json.JsonObject;

/** A signed-in console user as the console verticle describes it: who, of which tenant, with which role. */
public record ConsoleUser(String id, String tenantId, String email, ConsoleRole role, int sessionEpoch) {

  public static ConsoleUser fromJson(JsonObject json) {
    return new ConsoleUser(json.getString("id"), json.getString("tenant_id"), json.getString("email"),
        ConsoleRole.of(json.getString("role")), json.getInteger("session_epoch", 0));
  }
}
