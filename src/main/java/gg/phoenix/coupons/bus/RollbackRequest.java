package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/** A rollback of one redemption ({@link Addresses#ROLLBACK_REDEMPTION}), as the tenant's server asked for it, with why. */
public record RollbackRequest(String tenantId, String redemptionId, String reason) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.TENANT_ID, tenantId).put(Fields.REDEMPTION_ID, redemptionId).put(Fields.REASON, reason);
  }

  public static RollbackRequest fromJson(JsonObject json) {
    return new RollbackRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.REDEMPTION_ID),
        json.getString(Fields.REASON));
  }
}
