package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import gg.phoenix.coupons.secrets.SecretUnreadableException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed attempt of a delivery, as {@link WebhookSql#CLAIM} returns it.
 *
 * @param attempt this attempt's number, from 1
 * @param secrets the endpoint's signing secret, then the previous one while its overlap lasts
 */
record Delivery(UUID id, UUID webhookId, String tenantId, UUID eventId, String eventType, JsonObject payload,
                int attempt, Instant createdAt, String url, List<String> secrets) {

  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  /** Leaves out the signing secrets and the URL (which may carry a token), so that logging a delivery leaks neither. */
  @Override
  public String toString() {
    return "Delivery[id=" + id + ", webhookId=" + webhookId + ", tenantId=" + tenantId + ", eventId=" + eventId
        + ", eventType=" + eventType + ", attempt=" + attempt + "]";
  }

  /**
   * The claimed row, its signing secrets opened with {@code box}. A secret that does not open (a keyset lacking its
   * key) is logged and leaves {@code secrets} empty: such a delivery is not sent unsigned, its attempt fails.
   */
  static Delivery from(Row row, SecretBox box) {
    UUID webhookId = row.getUUID("webhook_id");
    List<String> secrets = new ArrayList<>(2);
    try {
      secrets.add(box.open(row.getBuffer("signing_secret_enc").getBytes(), SealedColumn.WEBHOOK_SECRET, webhookId));
      Buffer previous = row.getBuffer("previous_signing_secret_enc");
      if (previous != null) {
        secrets.add(box.open(previous.getBytes(), SealedColumn.WEBHOOK_PREVIOUS_SECRET, webhookId));
      }
    } catch (SecretUnreadableException e) {
      LOG.error("Webhook {} cannot sign its deliveries: {}", webhookId, e.getMessage());
      secrets.clear();
    }
    return new Delivery(row.getUUID("id"), webhookId, row.getString("tenant_id"),
        row.getUUID("event_id"), row.getString("event_type"), (JsonObject) row.getJson("payload"),
        row.getInteger("attempts"), row.getOffsetDateTime("created_at").toInstant(), row.getString("url"), secrets);
  }
}
