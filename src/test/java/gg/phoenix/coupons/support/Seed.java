package gg.phoenix.coupons.support;

import gg.phoenix.coupons.secrets.SealedColumn;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/** Test data written straight into PostgreSQL; every call makes fresh ids, so test classes never collide. */
public final class Seed {

  public record Tenant(String id, String secret) {
  }

  /** A definition's settings that the rules read; see {@link #definition}. */
  public record DefinitionSpec(String name, boolean caseSensitive, Integer usesPerCoupon, Integer totalCap,
                               String status, Instant startsAt, Instant expiresAt) {
    public static DefinitionSpec singleUse() {
      return new DefinitionSpec("Welcome Bonus", false, 1, null, "active", null, null);
    }

    public DefinitionSpec caseSensitive(boolean value) {
      return new DefinitionSpec(name, value, usesPerCoupon, totalCap, status, startsAt, expiresAt);
    }

    public DefinitionSpec uses(Integer perCoupon, Integer total) {
      return new DefinitionSpec(name, caseSensitive, perCoupon, total, status, startsAt, expiresAt);
    }

    public DefinitionSpec status(String value) {
      return new DefinitionSpec(name, caseSensitive, usesPerCoupon, totalCap, value, startsAt, expiresAt);
    }

    public DefinitionSpec window(Instant starts, Instant expires) {
      return new DefinitionSpec(name, caseSensitive, usesPerCoupon, totalCap, status, starts, expires);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private Seed() {
  }

  public static String uniqueId(String prefix) {
    return prefix + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(5));
  }

  public static String uniqueCode(String prefix) {
    return prefix + HexFormat.of().formatHex(RANDOM.generateSeed(5)).toUpperCase();
  }

  public static Tenant tenant() {
    return tenant(uniqueId("t"), HexFormat.of().formatHex(RANDOM.generateSeed(32)));
  }

  /** A tenant whose secret is sealed with the run's keyset, as the service stores it. */
  public static Tenant tenant(String id, String secret) {
    update("INSERT INTO tenants (id, name, secret_enc) VALUES (?, ?, ?)", id, "Tenant " + id, sealed(secret, SealedColumn.TENANT_SECRET, id));
    return new Tenant(id, secret);
  }

  /** A coupon.redeemed endpoint stored as a row, past the API's checks, with a sealed signing secret; answers its id. */
  public static UUID webhook(String tenantId, String url) {
    UUID id = UUID.randomUUID();
    update("INSERT INTO webhooks (id, tenant_id, url, event_types, signing_secret_enc) VALUES (?, ?, ?, ARRAY['coupon.redeemed'], ?)",
        id, tenantId, url, sealed("whsec_stored-by-test", SealedColumn.WEBHOOK_SECRET, id));
    return id;
  }

  /** {@code secret} sealed for {@code column} of the row whose key is {@code rowKey}, with the run's keyset. */
  public static byte[] sealed(String secret, SealedColumn column, Object... rowKey) {
    return TestBackends.get().secrets().seal(secret, column, rowKey);
  }

  public static UUID rewardItem(String tenantId) {
    return uuid("""
        INSERT INTO reward_items (tenant_id, name, description, reward_type, payload)
        VALUES (?, '100 Bonus Points', 'Grants 100 bonus points to the user', 'points', '{"amount": 100}'::jsonb)
        RETURNING id""", tenantId);
  }

  public static UUID definition(String tenantId, UUID itemId, DefinitionSpec spec) {
    String limitType = spec.usesPerCoupon() == null ? (spec.totalCap() == null ? "unlimited" : "global") : "per_user";
    String usageLimit = "{\"limit_type\": \"" + limitType + "\", \"max_uses\": "
        + (spec.usesPerCoupon() != null ? spec.usesPerCoupon() : spec.totalCap()) + "}";
    String config = "{\"reward_item_id\": \"" + itemId + "\", \"code_format\": \"random\", \"code_prefix\": \"WELCOME\","
        + " \"code_length\": 8, \"case_sensitive\": " + spec.caseSensitive() + ", \"usage_limit\": " + usageLimit + "}";
    return uuid("""
        INSERT INTO coupon_definitions (tenant_id, name, description, config, reward_item_id, case_sensitive,
          uses_per_coupon, total_uses_cap, status, starts_at, expires_at)
        VALUES (?, ?, 'Welcome bonus for new users', ?::jsonb, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        tenantId, spec.name(), config, itemId, spec.caseSensitive(), spec.usesPerCoupon(), spec.totalCap(),
        spec.status(), ts(spec.startsAt()), ts(spec.expiresAt()));
  }

  /** A coupon with its definition's per-coupon cap; userId null leaves it unassigned. */
  public static UUID coupon(String tenantId, UUID definitionId, String userId, String code) {
    return uuid("""
        INSERT INTO coupons (tenant_id, definition_id, user_id, code, max_uses)
        SELECT ?, id, ?, ?, uses_per_coupon FROM coupon_definitions WHERE id = ? RETURNING id""",
        tenantId, userId, code, definitionId);
  }

  public static void update(String sql, Object... args) {
    try (Connection conn = TestBackends.get().jdbc(); PreparedStatement st = prepare(conn, sql, args)) {
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, or null. */
  public static Object scalar(String sql, Object... args) {
    try (Connection conn = TestBackends.get().jdbc(); PreparedStatement st = prepare(conn, sql, args);
         ResultSet rs = st.executeQuery()) {
      return rs.next() ? rs.getObject(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row, as text. */
  public static java.util.Set<String> strings(String sql, Object... args) {
    java.util.Set<String> values = new java.util.HashSet<>();
    try (Connection conn = TestBackends.get().jdbc(); PreparedStatement st = prepare(conn, sql, args);
         ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static long count(String sql, Object... args) {
    return ((Number) scalar(sql, args)).longValue();
  }

  private static UUID uuid(String sql, Object... args) {
    return (UUID) scalar(sql, args);
  }

  private static PreparedStatement prepare(Connection conn, String sql, Object... args) throws SQLException {
    PreparedStatement st = conn.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      st.setObject(i + 1, args[i]);
    }
    return st;
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
