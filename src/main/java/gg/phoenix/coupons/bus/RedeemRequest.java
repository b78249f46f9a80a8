package gg.phoenix.coupons.bus;

import gg.phoenix.coupons.api.PlayerContext;
import io.vertx.core.json.JsonObject;

/**
 * A redeem ({@link Addresses#REDEEM}): a tenant's code for the player {@code userId}, what the request says of that
 * player ({@code context}, for eligibility rules), and who asks (the credential's kind and the client's address as
 * counted), against whom an unknown code is counted. A request sent with an Idempotency-Key also carries the key,
 * attached by the HTTP side for the redeemer to store its answer under.
 */
public record RedeemRequest(String tenantId, String code, String userId, PlayerContext context, String credential,
                            String client) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.TENANT_ID, tenantId).put(Fields.CODE, code).put(Fields.USER_ID, userId)
        .put(Fields.CREDENTIAL, credential).put(Fields.CLIENT, client);
    return context.isEmpty() ? json : json.put(Fields.CONTEXT, context.toJson());
  }

  public static RedeemRequest fromJson(JsonObject json) {
    return new RedeemRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.CODE), json.getString(Fields.USER_ID),
        PlayerContext.fromJson(json.getJsonObject(Fields.CONTEXT)), json.getString(Fields.CREDENTIAL),
        json.getString(Fields.CLIENT));
  }
}
