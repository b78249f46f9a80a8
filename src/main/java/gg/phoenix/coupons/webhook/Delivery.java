package gg.phoenix.coupons.webhook;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One claimed attempt of a delivery, as {@link WebhookSql#CLAIM} returns it.
 *
 * @param attempt this attempt's number, from 1
 * @param secrets the endpoint's signing secret, then the previous one while its overlap lasts
 */
record Delivery(UUID id, UUID webhookId, String tenantId, UUID eventId, String eventType, JsonObject payload,
                int attempt, Instant createdAt, String url, List<String> secrets) {

  static Delivery from(Row row) {
    return new Delivery(row.getUUID("id"), row.getUUID("webhook_id"), row.getString("tenant_id"),
        row.getUUID("event_id"), row.getString("event_type"), (JsonObject) row.getJson("payload"),
        row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant(), row.getString("url"),
        Stream.of(row.getString("signing_secret"), row.getString("previous_signing_secret"))
            .filter(secret -> secret != null).toList());
  }
}
