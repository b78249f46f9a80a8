package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/**
 * A message about one tenant and nothing more: a request for its credentials ({@link Addresses#TENANT_CREDENTIALS}),
 * or the notice that they changed ({@link Addresses#TENANT_CHANGED}).
 */
public record TenantRef(String tenantId) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.TENANT_ID, tenantId);
  }

  public static TenantRef fromJson(JsonObject json) {
    return new TenantRef(json.getString(Fields.TENANT_ID));
  }
}
