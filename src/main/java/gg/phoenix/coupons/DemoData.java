package gg.phoenix.coupons;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The demo switch ({@code --demo} or DEMO=true): creates once a tenant, a reward item, a definition and a coupon
 * for user_123, then prints what a newcomer needs to call every endpoint of the guide: tenant id, secret, a
 * ready JWT and curl lines. Printed to standard output on purpose, never to the log: it holds a secret.
 * The JWT is a player's token ({@code sub} user_123, valid {@value #TOKEN_MINUTES} minutes): it acts for that
 * player only and cannot manage anything. It travels in headers and, for the browser page, in the URL fragment
 * (which browsers never send to a server); no query string carries it or the secret.
 * It also creates the public code {@value #PUBLIC_CODE} (once per player, 10,000 uses in all).
 */
public final class DemoData {

  static final String TENANT_ID = "demo-studio";
  static final String USER_ID = "user_123";
  static final int TOKEN_MINUTES = 60;
  static final String PUBLIC_CODE = "LAUNCHDEMO";

  static final String FIND_TENANT = "SELECT secret_enc FROM tenants WHERE id = $1";
  static final String INSERT_TENANT = "INSERT INTO tenants (id, name, secret_enc) VALUES ($1, 'Demo Studio', $2)";
  static final String INSERT_ITEM = """
      INSERT INTO reward_items (tenant_id, name, description, reward_type, payload)
      VALUES ($1, '100 Bonus Points', 'Grants 100 bonus points to the user', 'points', '{"amount": 100}'::jsonb)
      RETURNING id""";
  static final String INSERT_DEFINITION = """
      INSERT INTO coupon_definitions (tenant_id, name, description, config, reward_item_id, case_sensitive, uses_per_coupon)
      VALUES ($1, 'Welcome Bonus', 'Welcome bonus for new users', $2::jsonb, $3, false, 1)
      RETURNING id""";
  static final String INSERT_COUPON = """
      INSERT INTO coupons (tenant_id, definition_id, user_id, code, max_uses) VALUES ($1, $2, $3, $4, 1)""";
  static final String INSERT_PUBLIC_DEFINITION = """
      INSERT INTO coupon_definitions (tenant_id, name, description, config, reward_item_id, case_sensitive,
        uses_per_coupon, total_uses_cap)
      VALUES ($1, 'Launch Day', 'One public code for every player, 10,000 uses in all', $2::jsonb, $3, false, 1, 10000)
      RETURNING id""";
  static final String INSERT_PUBLIC_CODE = """
      INSERT INTO coupons (tenant_id, definition_id, kind, code) VALUES ($1, $2, 'public', $3)""";
  /**
   * Demo data written by earlier versions held each definition's config as a JSON string, and the Welcome Bonus's
   * without coupon_type: made what the management API writes, an object with coupon_type, so that an existing
   * demo database answers what a fresh one does. Only the demo's own two definitions as those versions wrote them
   * (by name, config a string, which the API never writes) are touched, never one the tenant made.
   */
  static final String REPAIR_CONFIGS = """
      UPDATE coupon_definitions
      SET config = (config #>> '{}')::jsonb || jsonb_build_object('coupon_type', coupon_type)
      WHERE tenant_id = $1 AND name IN ('Welcome Bonus', 'Launch Day') AND jsonb_typeof(config) = 'string'""";
  static final String FIND_COUPON = """
      SELECT id, code, status FROM coupons WHERE tenant_id = $1 AND user_id = $2 ORDER BY generated_at LIMIT 1""";

  private static final SecureRandom RANDOM = new SecureRandom();
  /** The management API's alphabet: no 0/O, 1/I/L. */
  private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  private DemoData() {
  }

  /** Creates what is missing, prints the demo sheet for the service on {@code httpPort}, closes its pool. */
  public static Future<Void> ensure(Vertx vertx, ServiceConfig config, SecretBox secrets) {
    Pool pool = PgPools.shared(vertx, config);
    return pool.withTransaction(conn -> conn.preparedQuery(FIND_TENANT).execute(Tuple.of(TENANT_ID))
            .compose(rows -> rows.size() > 0
                ? conn.preparedQuery(REPAIR_CONFIGS).execute(Tuple.of(TENANT_ID))
                    .map(repaired -> secrets.open(rows.iterator().next().getBuffer("secret_enc").getBytes(),
                        SealedColumn.TENANT_SECRET, TENANT_ID))
                : create(conn, secrets))
            .compose(secret -> conn.preparedQuery(FIND_COUPON).execute(Tuple.of(TENANT_ID, USER_ID))
                .map(rows -> print(vertx, config, secret, rows.size() > 0 ? rows.iterator().next() : null))))
        .eventually(pool::close)
        .mapEmpty();
  }

  private static Future<String> create(SqlConnection conn, SecretBox secrets) {
    String secret = HexFormat.of().formatHex(RANDOM.generateSeed(32));
    Buffer sealed = Buffer.buffer(secrets.seal(secret, SealedColumn.TENANT_SECRET, TENANT_ID));
    return conn.preparedQuery(INSERT_TENANT).execute(Tuple.of(TENANT_ID, sealed))
        .compose(v -> conn.preparedQuery(INSERT_ITEM).execute(Tuple.of(TENANT_ID)))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(itemId -> conn.preparedQuery(INSERT_DEFINITION).execute(Tuple.of(TENANT_ID, definitionConfig(itemId), itemId))
            .map(rows -> rows.iterator().next().getUUID("id"))
            .compose(definitionId -> conn.preparedQuery(INSERT_COUPON).execute(Tuple.of(TENANT_ID, definitionId, USER_ID, newCode())))
            .compose(v -> conn.preparedQuery(INSERT_PUBLIC_DEFINITION).execute(Tuple.of(TENANT_ID, publicConfig(itemId), itemId)))
            .compose(rows -> conn.preparedQuery(INSERT_PUBLIC_CODE)
                .execute(Tuple.of(TENANT_ID, rows.iterator().next().getUUID("id"), PUBLIC_CODE))))
        .map(secret);
  }

  private static JsonObject definitionConfig(UUID itemId) {
    return new JsonObject()
        .put("reward_item_id", itemId.toString())
        .put("code_format", "random")
        .put("code_prefix", "WELCOME")
        .put("code_length", 8)
        .put("case_sensitive", false)
        .put("usage_limit", new JsonObject().put("limit_type", "per_user").put("max_uses", 1))
        .put("coupon_type", "reward");
  }

  private static JsonObject publicConfig(UUID itemId) {
    return new JsonObject()
        .put("reward_item_id", itemId.toString())
        .put("code_format", "fixed")
        .put("code", PUBLIC_CODE)
        .put("case_sensitive", false)
        .put("usage_limit", new JsonObject().put("limit_type", "per_user").put("max_uses", 1).put("max_total_uses", 10000))
        .put("coupon_type", "reward");
  }

  private static String newCode() {
    StringBuilder code = new StringBuilder("WELCOME");
    for (int i = 0; i < 8; i++) {
      code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return code.toString();
  }

  private static Void print(Vertx vertx, ServiceConfig config, String secret, Row coupon) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    String token = jwt.generateToken(new JsonObject().put("sub_type", "tenant").put("sub_id", TENANT_ID),
        new JWTOptions().setAlgorithm("HS256").setSubject(USER_ID).setExpiresInMinutes(TOKEN_MINUTES));
    String base = "http://localhost:" + config.http().port();
    String ops = "http://" + config.edge().opsHost() + ":" + config.edge().opsPort();
    String api = base + "/v1/coupons/" + TENANT_ID;
    String code = coupon == null ? "WELCOMEXXXXXXXX" : coupon.getString("code");
    String couponId = coupon == null ? "<coupon-id>" : coupon.getUUID("id").toString();
    String auth = " -H \"Authorization: Bearer $TOKEN\"";
    String sheet = String.join("\n",
        "",
        "==================== Phoenix coupon service: demo ====================",
        "Tenant id:     " + TENANT_ID,
        "Tenant secret: " + secret + "   (signs the tenant's JWTs and HMAC requests; demo only)",
        "Demo coupon:   " + code + " for " + USER_ID + " (status " + (coupon == null ? "missing" : coupon.getString("status"))
            + "; single use: delete ./data to start over with embedded PostgreSQL)",
        "Public code:   " + PUBLIC_CODE + " (every player once, 10,000 uses in all)",
        "",
        "TOKEN=" + token + "   # " + USER_ID + "'s JWT (sub " + USER_ID + "), valid " + TOKEN_MINUTES + " minutes",
        "",
        "curl -s " + api + "/definitions" + auth,
        "curl -s " + api + "/user/" + USER_ID + auth,
        "curl -s " + api + "/user/" + USER_ID + "/" + couponId + auth,
        "curl -s " + api + "/validate/" + code + auth,
        "curl -s -X POST " + api + "/redeem/" + code + auth + " -H 'Content-Type: application/json' -d '{\"user_id\": \"" + USER_ID + "\"}'",
        "curl -s '" + api + "/user/" + USER_ID + "/redemptions?limit=10'" + auth,
        "curl -s -X POST " + api + "/redeem/" + PUBLIC_CODE + auth + " -H 'Content-Type: application/json' -d '{\"user_id\": \"" + USER_ID + "\"}'",
        "curl -s " + base + "/health/ready",
        "",
        "Operators only, on the ops listener (OPS_HOST:OPS_PORT, never the public port):",
        "curl -s " + ops + "/metrics",
        config.auth().adminToken().isEmpty()
            ? "(the admin API is off: set ADMIN_TOKEN to manage tenants at " + ops + "/v1/admin/tenants)"
            : "curl -s " + ops + "/v1/admin/tenants/" + TENANT_ID + " -H \"Authorization: Bearer $ADMIN_TOKEN\"",
        "",
        "Browser flow (list -> validate -> redeem; the token rides in the URL fragment, which the browser never sends):",
        "  " + base + "/demo/#token=" + token,
        "",
        "OpenAPI document, to generate a client (docs/clients.md): " + base + "/openapi.yaml",
        "======================================================================",
        "");
    System.out.println(sheet);
    System.out.flush();
    return null;
  }
}
