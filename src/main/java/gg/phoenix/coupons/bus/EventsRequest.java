package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/** A page of a tenant's published events ({@link Addresses#EVENTS_REPLAY}): after an event id (null: the oldest kept), at most {@code limit}. */
public record EventsRequest(String tenantId, String after, int limit) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.TENANT_ID, tenantId).put(Fields.LIMIT, limit);
    Fields.putIfSet(json, Fields.AFTER, after);
    return json;
  }

  public static EventsRequest fromJson(JsonObject json) {
    return new EventsRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.AFTER), json.getInteger(Fields.LIMIT));
  }
}
