package gg.phoenix.coupons.console;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.Pages;
import gg.phoenix.coupons.api.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Console users: invited by the operator or a tenant's owner, each invitation a one-time link that lets its holder
 * set a password; signing in checks the password; a user's sessions all end when its session epoch moves on.
 */
final class ConsoleUsers {

  static final List<String> ROLES = List.of("viewer", "editor", "owner");
  private static final int MAX_EMAIL_LENGTH = 254;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ApiError BAD_CREDENTIALS = new ApiError(401, "invalid_credentials", "Wrong e-mail address or password");
  private static final ApiError BAD_INVITATION = ApiError.badRequest("invalid_invitation",
      "This invitation link is unknown, already used or expired; ask for a new one");
  private static final ApiError NOT_FOUND = ApiError.notFound("user_not_found", "Console user not found");
  private static final ApiError LAST_OWNER = new ApiError(409, "last_owner", "A tenant keeps at least one owner");

  private final Vertx vertx;
  private final Pool pool;
  private final String publicUrl;
  private final int invitationHours;

  ConsoleUsers(Vertx vertx, Pool pool, String publicUrl, int invitationHours) {
    this.vertx = vertx;
    this.pool = pool;
    this.publicUrl = publicUrl;
    this.invitationHours = invitationHours;
  }

  /**
   * Creates the user if its address is new, or invites again one that has not set a password yet; answers the
   * user with {@code invitation_url}, shown this once (only the token's digest is kept).
   */
  Future<JsonObject> invite(String tenantId, JsonObject body) {
    JsonFields fields = JsonFields.of(body);
    String email = email(fields.requiredString("email", MAX_EMAIL_LENGTH));
    String role = role(body.getValue("role"));
    return pool.preparedQuery(ConsoleSql.TENANT_EXISTS).execute(Tuple.of(tenantId))
        .compose(tenant -> tenant.size() == 0
            ? Future.failedFuture(ApiError.notFound("tenant_not_found", "Tenant not found").exception())
            : pool.preparedQuery(ConsoleSql.INSERT_USER).execute(Tuple.of(tenantId, email, role)))
        .compose(inserted -> inserted.size() == 1 ? Future.succeededFuture(inserted.iterator().next()) : reinvitable(tenantId, email))
        .compose(user -> {
          String token = newToken();
          Instant expires = Instant.now().plus(invitationHours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
          return pool.preparedQuery(ConsoleSql.UPSERT_INVITATION)
              .execute(Tuple.of(user.getUUID("id"), Buffer.buffer(sha256(token)), Timestamps.utc(expires), tenantId))
              .map(done -> view(user)
                  .put("invitation_url", publicUrl + "/console/invitation.html#token=" + token)
                  .put("invitation_expires_at", Timestamps.format(expires)));
        });
  }

  /** An address already taken may be invited again only by its own tenant, and only before a password is set. */
  private Future<Row> reinvitable(String tenantId, String email) {
    return pool.preparedQuery(ConsoleSql.USER_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
      Row user = rows.size() == 1 ? rows.iterator().next() : null;
      if (user == null || !user.getString("tenant_id").equals(tenantId) || user.getBoolean("active")) {
        return Future.failedFuture(new ApiError(409, "email_taken",
            "This e-mail address already belongs to a console user who has set a password or to another tenant").exception());
      }
      return Future.succeededFuture(user);
    });
  }

  /** Uses an invitation: sets the password (which ends any session of the user) and forgets the invitation. */
  Future<JsonObject> acceptInvitation(JsonObject body) {
    Object token = body.getValue("token");
    Object password = body.getValue("password");
    if (!(token instanceof String text) || text.length() > 100) {
      throw BAD_INVITATION.exception();
    }
    byte[] digest = sha256(text);
    return pool.withTransaction(conn -> conn.preparedQuery(ConsoleSql.TAKE_INVITATION).execute(Tuple.of(Buffer.buffer(digest)))
        .compose(taken -> taken.size() == 1 ? Future.succeededFuture(taken.iterator().next().getUUID("user_id"))
            : Future.failedFuture(BAD_INVITATION.exception()))
        .compose(userId -> conn.preparedQuery(ConsoleSql.USER_BY_ID).execute(Tuple.of(userId)))
        .compose(users -> {
          Row user = users.iterator().next();
          PasswordPolicy.check(password, user.getString("email"));
          return vertx.executeBlocking(() -> PasswordHashes.hash((String) password), false)
              .compose(hash -> conn.preparedQuery(ConsoleSql.SET_PASSWORD).execute(Tuple.of(user.getUUID("id"), hash)));
        }))
        .map(rows -> view(rows.iterator().next()));
  }

  /** The user with this e-mail address and password, with its session epoch; 401 otherwise, as slow either way. */
  Future<JsonObject> signIn(JsonObject body) {
    Object email = body.getValue("email");
    Object password = body.getValue("password");
    if (!(email instanceof String address) || address.length() > MAX_EMAIL_LENGTH
        || !(password instanceof String given) || given.length() > PasswordPolicy.MAX_LENGTH) {
      return Future.failedFuture(BAD_CREDENTIALS.exception());
    }
    return pool.preparedQuery(ConsoleSql.USER_BY_EMAIL).execute(Tuple.of(address.strip().toLowerCase(Locale.ROOT)))
        .compose(rows -> {
          Row user = rows.size() == 1 ? rows.iterator().next() : null;
          String hash = user == null || user.getString("password_hash") == null ? PasswordHashes.DECOY : user.getString("password_hash");
          return vertx.executeBlocking(() -> PasswordHashes.matches(given, hash), false)
              .compose(match -> match && user != null && user.getString("password_hash") != null
                  ? Future.succeededFuture(internal(user)) : Future.failedFuture(BAD_CREDENTIALS.exception()));
        });
  }

  /** The user of a session, with its current role and session epoch; 404 when it was removed. */
  Future<JsonObject> get(String id) {
    return pool.preparedQuery(ConsoleSql.USER_BY_ID).execute(Tuple.of(uuid(id)))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(internal(rows.iterator().next()))
            : Future.failedFuture(NOT_FOUND.exception()));
  }

  /** Ends every session of the user: they all carry the epoch that moves on here. */
  Future<JsonObject> signOutEverywhere(String id) {
    return pool.preparedQuery(ConsoleSql.NEXT_EPOCH).execute(Tuple.of(uuid(id)))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(view(rows.iterator().next()))
            : Future.failedFuture(NOT_FOUND.exception()));
  }

  Future<JsonObject> list(String tenantId, int limit, String cursor) {
    PageCursor after = PageCursor.decode(cursor);
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(ConsoleSql.LIST_USERS).execute(Tuple.of(tenantId, limit + 1))
        : pool.preparedQuery(ConsoleSql.LIST_USERS_AFTER).execute(Tuple.of(tenantId, limit + 1, after.atUtc(), after.id()));
    return rows.map(page -> Pages.of("users", page, limit, ConsoleUsers::view,
        row -> new PageCursor(row.getOffsetDateTime("created_at").toInstant(), row.getUUID("id"))));
  }

  Future<JsonObject> find(String tenantId, String id) {
    return pool.preparedQuery(ConsoleSql.USER_IN_TENANT).execute(Tuple.of(tenantId, uuid(id)))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(view(rows.iterator().next()))
            : Future.failedFuture(NOT_FOUND.exception()));
  }

  /** A new role; the tenant's last owner stays one. */
  Future<JsonObject> setRole(String tenantId, String id, JsonObject body) {
    String role = role(body.getValue("role"));
    UUID user = uuid(id);
    return keepAnOwner(tenantId, user, !role.equals("owner"))
        .compose(ok -> pool.preparedQuery(ConsoleSql.SET_ROLE).execute(Tuple.of(tenantId, user, role)))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(view(rows.iterator().next()))
            : Future.failedFuture(NOT_FOUND.exception()));
  }

  Future<JsonObject> remove(String tenantId, String id) {
    UUID user = uuid(id);
    return keepAnOwner(tenantId, user, true)
        .compose(ok -> pool.preparedQuery(ConsoleSql.DELETE_USER).execute(Tuple.of(tenantId, user)))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(view(rows.iterator().next()))
            : Future.failedFuture(NOT_FOUND.exception()));
  }

  private Future<Void> keepAnOwner(String tenantId, UUID user, boolean losesOwnership) {
    if (!losesOwnership) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(ConsoleSql.USER_IN_TENANT).execute(Tuple.of(tenantId, user)).compose(rows -> {
      if (rows.size() == 0 || !rows.iterator().next().getString("role").equals("owner")) {
        return Future.succeededFuture();
      }
      return pool.preparedQuery(ConsoleSql.OTHER_OWNERS).execute(Tuple.of(tenantId, user))
          .compose(count -> count.iterator().next().getLong(0) > 0 ? Future.<Void>succeededFuture()
              : Future.failedFuture(LAST_OWNER.exception()));
    });
  }

  /** A user as the API shows it. */
  static JsonObject view(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("tenant_id", row.getString("tenant_id"))
        .put("email", row.getString("email"))
        .put("role", row.getString("role"))
        .put("status", row.getBoolean("active") ? "active" : "invited")
        .put("created_at", Timestamps.format(row.getOffsetDateTime("created_at")));
  }

  /** As {@link #view}, with what the console's session check needs and nobody is shown. */
  private static JsonObject internal(Row row) {
    return view(row).put("session_epoch", row.getInteger("session_epoch"));
  }

  private static String email(String given) {
    String email = given.strip().toLowerCase(Locale.ROOT);
    if (!email.matches("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+")) {
      throw JsonFields.invalid("email", "email must be an e-mail address");
    }
    return email;
  }

  private static String role(Object value) {
    if (!(value instanceof String role) || !ROLES.contains(role)) {
      throw JsonFields.invalid("role", "role must be one of: " + String.join(", ", ROLES));
    }
    return role;
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException notAnId) {
      throw NOT_FOUND.exception();
    }
  }

  private static String newToken() {
    byte[] token = new byte[32];
    RANDOM.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
