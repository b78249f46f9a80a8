package gg.phoenix.coupons.support;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;

import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import io.vertx.core.json.JsonObject;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A fresh tenant with the guide's reward item, and the seeding and inspection the Query Gateway tests share.
 * Coupons get the guide's dates (generated 2025-01-15T10:00:00Z) and expire far in the future, so the exact
 * JSON of a coupon is known in advance.
 */
public final class TenantFixture {

  public static final String GENERATED_AT = "2025-01-15T10:00:00Z";
  public static final String EXPIRES_AT = "2099-12-31T23:59:59Z";
  public static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

  /** A coupon as seeded: enough to build the JSON the API should show for it. */
  public record Coupon(UUID id, UUID definitionId, String userId, String code) {
  }

  /** Everything a redemption may change, read from the database; equal before and after a refused one. */
  public record State(String status, int redemptionCount, Object redeemedAt, String userId, long redemptions, int definitionUses) {
  }

  public final Seed.Tenant tenant;
  public final UUID item;

  public TenantFixture() {
    this(Seed.tenant());
  }

  public TenantFixture(Seed.Tenant tenant) {
    this.tenant = tenant;
    this.item = Seed.rewardItem(tenant.id());
  }

  public String id() {
    return tenant.id();
  }

  /** A path under /v1/coupons/{this tenant}. */
  public String path(String rest) {
    return "/v1/coupons/" + tenant.id() + rest;
  }

  /** A server's token: no sub, so it may act for any player. */
  public Api.Auth server() {
    return bearer(tenantJwt(tenant.id(), tenant.secret(), null, 3600));
  }

  /** A player's token as the guide's proxy issues it: sub is the player. */
  public Api.Auth player(String userId) {
    return bearer(tenantJwt(tenant.id(), tenant.secret(), userId, 3600));
  }

  /** A player's token whose proxy signed the player's context too, as its {@code context} claim. */
  public Api.Auth player(String userId, JsonObject context) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject payload = new JsonObject().put("sub_type", "tenant").put("sub_id", tenant.id()).put("iat", now)
        .put("exp", now + 3600).put("sub", userId).put("context", context);
    return bearer(Credentials.jwt(new JsonObject().put("alg", "HS256").put("typ", "JWT"), payload, tenant.secret()));
  }

  public Api.Auth hmac() {
    return Credentials.hmac(tenant.id(), tenant.secret());
  }

  public UUID definition(DefinitionSpec spec) {
    return Seed.definition(tenant.id(), item, spec);
  }

  public Coupon coupon(DefinitionSpec spec, String userId, String code) {
    return coupon(definition(spec), userId, code);
  }

  public Coupon coupon(UUID definitionId, String userId, String code) {
    UUID id = Seed.coupon(tenant.id(), definitionId, userId, code);
    Seed.update("UPDATE coupons SET generated_at = ?::timestamptz, expires_at = ?::timestamptz WHERE id = ?",
        GENERATED_AT, EXPIRES_AT, id);
    return new Coupon(id, definitionId, userId, code);
  }

  /** Sets the coupon's own dates; null leaves the definition's in force. */
  public void window(Coupon coupon, Instant startsAt, Instant expiresAt) {
    Seed.update("UPDATE coupons SET starts_at = ?, expires_at = ? WHERE id = ?", odt(startsAt), odt(expiresAt), coupon.id());
  }

  /** Gives the definition these eligibility rules in its config, as the management API stores them. */
  public void eligibility(UUID definitionId, JsonObject rules) {
    Seed.update("UPDATE coupon_definitions SET config = config || jsonb_build_object('eligibility', ?::jsonb) WHERE id = ?",
        rules.encode(), definitionId);
  }

  /** Puts the coupon in a new batch of its definition, revoked (revoked_at set) when {@code revoked}; the code itself stays as it is. */
  public UUID batch(Coupon coupon, boolean revoked) {
    UUID batch = UUID.randomUUID();
    Seed.update("INSERT INTO coupon_batches (id, tenant_id, definition_id, source, requested, issued, revoked_at)"
        + " VALUES (?, ?, ?, 'generated', 1, 1, CASE WHEN ? THEN now() END)", batch, tenant.id(), coupon.definitionId(), revoked);
    Seed.update("UPDATE coupons SET batch_id = ? WHERE id = ?", batch, coupon.id());
    return batch;
  }

  public void setStatus(Coupon coupon, String status) {
    Seed.update("UPDATE coupons SET status = ? WHERE id = ?", status, coupon.id());
  }

  public void setGeneratedAt(Coupon coupon, String isoInstant) {
    Seed.update("UPDATE coupons SET generated_at = ?::timestamptz WHERE id = ?", isoInstant, coupon.id());
  }

  public State state(Coupon coupon) {
    return new State(
        (String) Seed.scalar("SELECT status FROM coupons WHERE id = ?", coupon.id()),
        (int) Seed.count("SELECT redemption_count FROM coupons WHERE id = ?", coupon.id()),
        Seed.scalar("SELECT redeemed_at FROM coupons WHERE id = ?", coupon.id()),
        (String) Seed.scalar("SELECT user_id FROM coupons WHERE id = ?", coupon.id()),
        Seed.count("SELECT count(*) FROM redemptions WHERE coupon_id = ?", coupon.id()),
        (int) Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?", coupon.definitionId()));
  }

  /** The coupon's redeemed_at as the API formats it (UTC, whole seconds, Z). */
  public String redeemedAt(Coupon coupon) {
    return iso((Timestamp) Seed.scalar("SELECT redeemed_at FROM coupons WHERE id = ?", coupon.id()));
  }

  /** The JSON the guide shows for this coupon while it is unused. */
  public JsonObject expected(Coupon coupon) {
    return new JsonObject()
        .put("id", coupon.id().toString())
        .put("definition_id", coupon.definitionId().toString())
        .put("definition_name", "Welcome Bonus")
        .put("tenant_id", tenant.id())
        .put("user_id", coupon.userId())
        .put("code", coupon.code())
        .put("status", "active")
        .put("generated_at", GENERATED_AT)
        .putNull("starts_at")
        .put("expires_at", EXPIRES_AT)
        .putNull("redeemed_at")
        .put("redemption_count", 0)
        .put("coupon_type", "reward")
        .put("reward_item", rewardItem());
  }

  public JsonObject rewardItem() {
    return new JsonObject()
        .put("item_id", item.toString())
        .put("name", "100 Bonus Points")
        .put("description", "Grants 100 bonus points to the user")
        .put("reward_type", "points")
        .put("payload", new JsonObject().put("amount", 100));
  }

  public static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  public static JsonObject invalid(String message) {
    return new JsonObject().put("valid", false).putNull("coupon").putNull("definition").put("error", message);
  }

  public static JsonObject userBody(String userId) {
    return new JsonObject().put("user_id", userId);
  }

  /** A timestamp column as the API formats it (UTC, whole seconds, Z). */
  public static String iso(Timestamp at) {
    return at == null ? null : at.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static OffsetDateTime odt(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
