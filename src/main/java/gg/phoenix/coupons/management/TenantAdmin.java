package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.api.Timestamps.format;
import static gg.phoenix.coupons.api.Timestamps.utc;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import gg.phoenix.coupons.secrets.SecretUnreadableException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform operator's view of tenants: create, read, rotate the secret, enable or disable. */
final class TenantAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(TenantAdmin.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ApiError NOT_FOUND = ApiError.notFound("tenant_not_found", "Tenant not found");

  private final Pool pool;
  private final SecretBox secrets;
  private final long secretGraceSeconds;
  /** Told the id of every tenant whose secrets or status changed, so cached credentials are dropped. */
  private final Consumer<String> changed;

  TenantAdmin(Pool pool, SecretBox secrets, long secretGraceSeconds, Consumer<String> changed) {
    this.pool = pool;
    this.secrets = secrets;
    this.secretGraceSeconds = secretGraceSeconds;
    this.changed = changed;
  }

  Future<JsonObject> create(JsonObject body) {
    JsonFields fields = JsonFields.of(body);
    String id = fields.requiredString("id", 63);
    if (!id.matches("[a-z0-9_-]{2,63}")) {
      throw JsonFields.invalid("id", "id is 2 to 63 lower-case letters, digits, '-' or '_'");
    }
    String name = fields.requiredString("name", 200);
    String secret = newSecret();
    Buffer sealed = Buffer.buffer(secrets.seal(secret, SealedColumn.TENANT_SECRET, id));
    return pool.preparedQuery(ManagementSql.INSERT_TENANT).execute(Tuple.of(id, name, sealed)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ApiError(409, "tenant_exists", "A tenant with this id already exists").exception());
      }
      return Future.succeededFuture(view(rows.iterator().next()).put("secret", secret));
    });
  }

  Future<JsonObject> get(String id) {
    return pool.preparedQuery(ManagementSql.GET_TENANT).execute(Tuple.of(id)).compose(TenantAdmin::single);
  }

  /**
   * A new current secret; the old one becomes the previous, valid for SECRET_GRACE_SECONDS. Each column binds its
   * sealed value, so the old secret is opened and sealed again for the previous column, under a row lock.
   */
  Future<JsonObject> rotateSecret(String id) {
    String secret = newSecret();
    OffsetDateTime validUntil = utc(Instant.now().plusSeconds(secretGraceSeconds));
    return pool.withTransaction(conn -> conn.preparedQuery(ManagementSql.LOCK_SECRET).execute(Tuple.of(id)).compose(locked -> {
      if (locked.size() == 0) {
        return Future.failedFuture(NOT_FOUND.exception());
      }
      Buffer previous = resealAsPrevious(locked.iterator().next().getBuffer("secret_enc"), id);
      Buffer current = Buffer.buffer(secrets.seal(secret, SealedColumn.TENANT_SECRET, id));
      return conn.preparedQuery(ManagementSql.ROTATE_SECRET).execute(Tuple.of(id, current, previous, validUntil));
    })).map(rows -> {
      changed.accept(id);
      return new JsonObject().put("secret", secret).put("previous_valid_until",
          format(rows.iterator().next().getOffsetDateTime("previous_secret_valid_until")));
    });
  }

  /** Null when the stored secret does not open: the rotation then replaces a secret no request can use anyway. */
  private Buffer resealAsPrevious(Buffer sealed, String id) {
    try {
      String old = secrets.open(sealed.getBytes(), SealedColumn.TENANT_SECRET, id);
      return Buffer.buffer(secrets.seal(old, SealedColumn.TENANT_PREVIOUS_SECRET, id));
    } catch (SecretUnreadableException e) {
      LOG.error("Rotating the secret of tenant {} without a previous secret: {}", id, e.getMessage());
      return null;
    }
  }

  Future<JsonObject> update(String id, JsonObject body) {
    String status = JsonFields.of(body).requiredString("status", 16);
    if (!status.equals("active") && !status.equals("disabled")) {
      throw JsonFields.invalid("status", "status is active or disabled");
    }
    return pool.preparedQuery(ManagementSql.SET_TENANT_STATUS).execute(Tuple.of(id, status))
        .compose(TenantAdmin::single)
        .onSuccess(tenant -> changed.accept(id));
  }

  private static Future<JsonObject> single(RowSet<Row> rows) {
    return rows.size() == 0 ? Future.failedFuture(NOT_FOUND.exception()) : Future.succeededFuture(view(rows.iterator().next()));
  }

  private static JsonObject view(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("name", row.getString("name"))
        .put("status", row.getString("status"))
        .put("created_at", format(row.getOffsetDateTime("created_at")))
        .put("previous_secret_valid_until", format(row.getOffsetDateTime("previous_secret_valid_until")));
  }

  /** 32 random bytes, URL-safe Base64: usable as-is in headers, env files and JWT libraries. */
  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
