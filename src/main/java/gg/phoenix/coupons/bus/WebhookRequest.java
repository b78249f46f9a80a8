package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A request about a tenant's webhooks ({@code Addresses.WEBHOOKS_*}): the webhook the path names (null for create and
 * list), the target and event types of a new one, how long a replaced secret keeps signing (null: the default),
 * how many deliveries to list, and the delivery to retry. What a route lacks is null.
 */
public record WebhookRequest(String tenantId, String webhookId, String url, JsonArray eventTypes,
                             Integer previousSecretValidSeconds, Integer limit, String deliveryId) {

  public static WebhookRequest of(String tenantId, String webhookId) {
    return new WebhookRequest(tenantId, webhookId, null, null, null, null, null);
  }

  /** A request about one delivery of an endpoint (retrying it). */
  public static WebhookRequest ofDelivery(String tenantId, String webhookId, String deliveryId) {
    return new WebhookRequest(tenantId, webhookId, null, null, null, null, deliveryId);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.TENANT_ID, tenantId);
    Fields.putIfSet(json, Fields.WEBHOOK_ID, webhookId);
    Fields.putIfSet(json, Fields.URL, url);
    Fields.putIfSet(json, Fields.EVENT_TYPES, eventTypes);
    Fields.putIfSet(json, Fields.PREVIOUS_SECRET_VALID_SECONDS, previousSecretValidSeconds);
    Fields.putIfSet(json, Fields.LIMIT, limit);
    Fields.putIfSet(json, Fields.DELIVERY_ID, deliveryId);
    return json;
  }

  public static WebhookRequest fromJson(JsonObject json) {
    return new WebhookRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.WEBHOOK_ID), json.getString(Fields.URL),
        json.getJsonArray(Fields.EVENT_TYPES), json.getInteger(Fields.PREVIOUS_SECRET_VALID_SECONDS),
        json.getInteger(Fields.LIMIT), json.getString(Fields.DELIVERY_ID));
  }
}
