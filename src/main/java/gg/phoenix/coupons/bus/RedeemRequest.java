package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/**
 * A redeem ({@link Addresses#REDEEM}): a tenant's code for the player {@code userId}, and who asks (the credential's
 * kind and the client's address as counted), against whom an unknown code is counted. A request sent with an
 * Idempotency-Key also carries the key, attached by the HTTP side for the redeemer to store its answer under.
 */
public record RedeemRequest(String tenantId, String code, String userId, String credential, String client) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.TENANT_ID, tenantId).put(Fields.CODE, code).put(Fields.USER_ID, userId)
        .put(Fields.CREDENTIAL, credential).put(Fields.CLIENT, client);
  }

  public static RedeemRequest fromJson(JsonObject json) {
    return new RedeemRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.CODE), json.getString(Fields.USER_ID),
        json.getString(Fields.CREDENTIAL), json.getString(Fields.CLIENT));
  }
}
