package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/**
 * A request to the management API (reward items, definitions, code generation, revocation, export, jobs, and the
 * operator's tenant routes): the authenticated tenant (null on the operator's routes), the path's {@code id} when
 * the route has one, and the JSON body when it takes one. Paged and export requests add their own fields.
 */
public record ManagementRequest(String tenantId, String id, JsonObject body) {

  /** The operator's request about the tenant {@code id}, with {@code body} (or null). */
  public static ManagementRequest operator(String id, JsonObject body) {
    return new ManagementRequest(null, id, body);
  }

  public ManagementRequest withBody(JsonObject body) {
    return new ManagementRequest(tenantId, id, body);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (tenantId != null) {
      json.put(Fields.TENANT_ID, tenantId);
    }
    if (id != null) {
      json.put(Fields.ID, id);
    }
    return body == null ? json : json.put(Fields.BODY, body);
  }

  public static ManagementRequest fromJson(JsonObject json) {
    return new ManagementRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.ID), json.getJsonObject(Fields.BODY));
  }
}
