package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.Audits;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.bus.WebhookRequest;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import gg.phoenix.coupons.secrets.SecretUnreadableException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps tenants' webhook endpoints: registers, lists and deletes them, rotates their signing secrets, shows
 * their deliveries with every attempt, and makes one delivery due at once when asked. A signing secret is answered twice only: by the registration and by a
 * rotation. Requests arrive from the HTTP verticle, already authenticated and checked; sending is
 * {@link WebhookSenderVerticle}'s job.
 */
public class WebhookVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);

  static final int MAX_WEBHOOKS_PER_TENANT = 20;

  private static final ApiError NOT_FOUND = ApiError.notFound("webhook_not_found", "Webhook not found");
  private static final ApiError DELIVERY_NOT_FOUND = ApiError.notFound("delivery_not_found", "Webhook delivery not found");
  private static final ApiError ALREADY_DELIVERED = new ApiError(409, "delivery_already_delivered",
      "The delivery has already been delivered");
  private static final ApiError TOO_MANY = ApiError.badRequest("too_many_webhooks",
      "A tenant may register at most " + MAX_WEBHOOKS_PER_TENANT + " webhooks");

  private final ServiceConfig config;
  private final SecretBox secrets;
  private Pool pool;
  private long secretGraceSeconds;

  /**
   * @param config the service's settings, read once by MainVerticle
   * @param secrets seals the endpoints' signing secrets for storage
   */
  public WebhookVerticle(ServiceConfig config, SecretBox secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    secretGraceSeconds = config.auth().secretGraceSeconds();
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.<JsonObject>consumer(Addresses.WEBHOOKS_CREATE, msg -> audited(msg, this::create)).completion(),
        bus.<JsonObject>consumer(Addresses.WEBHOOKS_LIST, msg -> Replies.answer(msg, list(WebhookRequest.fromJson(msg.body())))).completion(),
        bus.<JsonObject>consumer(Addresses.WEBHOOKS_DELETE, msg -> audited(msg, this::delete)).completion(),
        bus.<JsonObject>consumer(Addresses.WEBHOOKS_ROTATE_SECRET, msg -> audited(msg, this::rotateSecret)).completion(),
        bus.<JsonObject>consumer(Addresses.WEBHOOKS_DELIVERIES, msg -> Replies.answer(msg, deliveries(WebhookRequest.fromJson(msg.body())))).completion(),
        bus.<JsonObject>consumer(Addresses.WEBHOOKS_RETRY_DELIVERY, this::retryDelivery).completion());
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<JsonObject> create(WebhookRequest req) {
    String tenantId = req.tenantId();
    String[] types = req.eventTypes().stream().map(String::valueOf).toArray(String[]::new);
    UUID id = UUID.randomUUID();
    String secret = WebhookSecrets.generate();
    Buffer sealed = Buffer.buffer(secrets.seal(secret, SealedColumn.WEBHOOK_SECRET, id));
    // the count and the insert are not one transaction: a burst of concurrent registrations may pass the cap by a few
    return pool.preparedQuery(WebhookSql.COUNT_ACTIVE).execute(Tuple.of(tenantId))
        .compose(rows -> rows.iterator().next().getLong("n") >= MAX_WEBHOOKS_PER_TENANT
            ? Future.failedFuture(TOO_MANY.exception())
            : pool.preparedQuery(WebhookSql.INSERT).execute(Tuple.of(id, tenantId, req.url(), types, sealed)))
        .map(rows -> webhook(rows.iterator().next()).put("signing_secret", secret));
  }

  /** A new signing secret; the old one keeps signing alongside for previous_secret_valid_seconds (default SECRET_GRACE_SECONDS). */
  private Future<JsonObject> rotateSecret(WebhookRequest req) {
    UUID id = uuid(req.webhookId());
    if (id == null) {
      return Future.failedFuture(NOT_FOUND.exception());
    }
    int overlap = req.previousSecretValidSeconds() == null ? (int) secretGraceSeconds : req.previousSecretValidSeconds();
    String secret = WebhookSecrets.generate();
    Buffer sealed = Buffer.buffer(secrets.seal(secret, SealedColumn.WEBHOOK_SECRET, id));
    // The replaced secret is opened and sealed again for the previous-secret column (each column binds its own
    // values), under the row's lock so that two rotations do not interleave.
    return pool.withTransaction(conn -> conn.preparedQuery(WebhookSql.LOCK_SECRET).execute(Tuple.of(id, req.tenantId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(NOT_FOUND.exception());
          }
          Buffer previous = overlap > 0 ? resealAsPrevious(rows.iterator().next().getBuffer("signing_secret_enc"), id) : null;
          return conn.preparedQuery(WebhookSql.ROTATE_SECRET).execute(Tuple.of(id, sealed, previous, previous == null ? 0 : overlap, req.tenantId()));
        })
        .map(rows -> {
          return new JsonObject()
              .put("id", id.toString())
              .put("signing_secret", secret)
              .put("previous_secret_valid_until", Timestamps.format(rows.iterator().next().getOffsetDateTime("previous_signing_secret_valid_until")));
        }));
  }

  /**
   * The replaced secret sealed again for the previous-secret column; null when it does not open (moved from another
   * row, or sealed under a key the keyset lacks): no delivery can be signed with it anyway, and rotating is how
   * such an endpoint gets a working secret back.
   */
  private Buffer resealAsPrevious(Buffer sealed, UUID id) {
    try {
      String replaced = secrets.open(sealed.getBytes(), SealedColumn.WEBHOOK_SECRET, id);
      return Buffer.buffer(secrets.seal(replaced, SealedColumn.WEBHOOK_PREVIOUS_SECRET, id));
    } catch (SecretUnreadableException e) {
      LOG.error("Rotating the signing secret of webhook {} without a previous secret: {}", id, e.getMessage());
      return null;
    }
  }

  private Future<JsonObject> list(WebhookRequest req) {
    return pool.preparedQuery(WebhookSql.LIST).execute(Tuple.of(req.tenantId())).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(webhook(row)));
      return new JsonObject().put("webhooks", list).put("total", list.size());
    });
  }

  private Future<JsonObject> delete(WebhookRequest req) {
    UUID id = uuid(req.webhookId());
    if (id == null) {
      return Future.failedFuture(NOT_FOUND.exception());
    }
    return pool.preparedQuery(WebhookSql.DELETE).execute(Tuple.of(id, req.tenantId()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(NOT_FOUND.exception())
            : Future.succeededFuture(new JsonObject().put("id", id.toString()).put("status", "deleted")));
  }

  private Future<JsonObject> deliveries(WebhookRequest req) {
    UUID id = uuid(req.webhookId());
    String tenantId = req.tenantId();
    if (id == null) {
      return Future.failedFuture(NOT_FOUND.exception());
    }
    return pool.preparedQuery(WebhookSql.EXISTS).execute(Tuple.of(id, tenantId)).compose(found -> {
      if (found.size() == 0) {
        return Future.failedFuture(NOT_FOUND.exception());
      }
      return pool.preparedQuery(WebhookSql.DELIVERIES).execute(Tuple.of(id, tenantId, req.limit()))
          .map(rows -> {
            JsonArray list = new JsonArray();
            long total = 0;
            for (Row row : rows) {
              total = row.getLong("total_count");
              list.add(delivery(row));
            }
            return new JsonObject().put("deliveries", list).put("total", total);
          });
    });
  }

  /**
   * Makes a pending or failed delivery due now and wakes the senders. Asking again changes nothing more: a delivery
   * already due or being attempted is answered as it is, so a retry never makes a second concurrent attempt.
   * A delivered one is 409; another tenant's, an unknown one or one of a deleted endpoint is 404.
   */
  private void retryDelivery(io.vertx.core.eventbus.Message<JsonObject> msg) {
    WebhookRequest req = WebhookRequest.fromJson(msg.body());
    Audits.answer(vertx, msg, req.tenantId(), auditedId(req.deliveryId()), null, () -> retry(req));
  }

  private Future<JsonObject> retry(WebhookRequest req) {
    UUID webhookId = uuid(req.webhookId());
    UUID deliveryId = uuid(req.deliveryId());
    if (webhookId == null) {
      return Future.failedFuture(NOT_FOUND.exception());
    }
    if (deliveryId == null) {
      return Future.failedFuture(DELIVERY_NOT_FOUND.exception());
    }
    Tuple key = Tuple.of(deliveryId, webhookId, req.tenantId());
    return pool.preparedQuery(WebhookSql.RETRY_DELIVERY).execute(key)
        .compose(changed -> {
          if (changed.size() > 0) {
            vertx.eventBus().publish(Addresses.WEBHOOKS_WAKE, null);
          }
          return pool.preparedQuery(WebhookSql.DELIVERY).execute(key);
        })
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(DELIVERY_NOT_FOUND.exception());
          }
          Row row = rows.iterator().next();
          if (!row.getBoolean("endpoint_active")) {
            return Future.failedFuture(NOT_FOUND.exception());
          }
          if ("delivered".equals(row.getString("status"))) {
            return Future.failedFuture(ALREADY_DELIVERED.exception());
          }
          return Future.succeededFuture(delivery(row));
        });
  }

  private static JsonObject webhook(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("tenant_id", row.getString("tenant_id"))
        .put("url", row.getString("url"))
        .put("event_types", new JsonArray(Arrays.asList((Object[]) row.getArrayOfStrings("event_types"))))
        .put("status", row.getString("status"))
        .put("created_at", time(row, "created_at"))
        .put("previous_secret_valid_until", time(row, "previous_secret_valid_until"));
  }

  private static JsonObject delivery(Row row) {
    String status = row.getString("status");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("event_id", row.getUUID("event_id").toString())
        .put("event_type", row.getString("event_type"))
        .put("status", status)
        .put("attempt_count", row.getInteger("attempts"))
        .put("created_at", time(row, "created_at"))
        .put("next_attempt_at", "pending".equals(status) ? time(row, "next_attempt_at") : null)
        .put("completed_at", time(row, "completed_at"))
        .put("attempts", row.getJson("attempt_log"));
  }

  private static String time(Row row, String column) {
    return Timestamps.format(row.getOffsetDateTime(column));
  }

  private static UUID uuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** An id as the audit log names it: UUID.fromString also takes upper case and dropped leading zeros. */
  private static String auditedId(String id) {
    UUID parsed = uuid(id);
    return parsed == null ? id : parsed.toString();
  }

  /** Changes of endpoints go into the audit log ({@link Audits}). */
  private void audited(io.vertx.core.eventbus.Message<JsonObject> msg, java.util.function.Function<WebhookRequest, Future<?>> change) {
    WebhookRequest request = WebhookRequest.fromJson(msg.body());
    Audits.answer(vertx, msg, request.tenantId(), auditedId(request.webhookId()), null, () -> change.apply(request));
  }
}
