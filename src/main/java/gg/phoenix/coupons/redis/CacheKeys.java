package gg.phoenix.coupons.redis;

import java.util.Locale;
import java.util.UUID;

/**
 * Every Redis key of the service. Keys that one script touches share a hash tag (the part in braces),
 * so they live in one slot of a Redis Cluster.
 */
public final class CacheKeys {

  private CacheKeys() {
  }

  /** A tenant's list of active definitions, as GET .../definitions answers it. */
  public static String activeDefinitions(String tenantId) {
    return "coupons:defs:{" + tenantId + "}";
  }

  /** A public code's row (definition, reward item, dates, caps), looked up by the code in lower case. */
  public static String publicCode(String tenantId, String code) {
    return "coupons:code:{" + tenantId + "}:" + code.toLowerCase(Locale.ROOT);
  }

  /** The set of a tenant's public codes, in lower case: kept in process memory only, dropped like the others. */
  public static String publicCodes(String tenantId) {
    return "coupons:codes:{" + tenantId + "}";
  }

  /** A definition as validation of its public code shows it. */
  public static String definitionView(String tenantId, String definitionId) {
    return "coupons:def:{" + tenantId + "}:" + definitionId;
  }

  /** Set by a change of the tenant's data: its reads stay on the primary while it lives (db/ReadRouting). */
  public static String primaryPin(String tenantId) {
    return "coupons:pin:{" + tenantId + "}";
  }

  /** Set by a player's redemption: their own reads stay on the primary while it lives (db/ReadRouting). */
  public static String primaryPin(String tenantId, String userId) {
    return "coupons:pin:{" + tenantId + "}:player:" + userId;
  }

  public static String totalUses(UUID definitionId) {
    return "coupons:guard:{" + definitionId + "}:total";
  }

  public static String couponUses(UUID definitionId, UUID couponId) {
    return "coupons:guard:{" + definitionId + "}:coupon:" + couponId;
  }

  public static String playerUses(UUID definitionId, String userId) {
    return "coupons:guard:{" + definitionId + "}:player:" + userId;
  }

  /** The leases of uses in flight against a usage counter (same hash tag as the counter). */
  public static String leases(String counterKey) {
    return besideCounter("leases", counterKey);
  }

  /**
   * The generation of a usage counter: a token written each time the counter is seeded from PostgreSQL, with the
   * counter's lifetime. A use is counted only into the generation it was reserved against.
   */
  public static String generation(String counterKey) {
    return besideCounter("generation", counterKey);
  }

  /**
   * A key kept beside a usage counter, {@code coupons:guard:{tag}:<kind>:<rest of the counter's key>}: the kind
   * goes before the part a player id ends, so no player id can name another counter's lease set or generation.
   */
  private static String besideCounter(String kind, String counterKey) {
    int afterTag = counterKey.indexOf("}:") + 2;
    return counterKey.substring(0, afterTag) + kind + ":" + counterKey.substring(afterTag);
  }

  /** Present while a signed request's miss has been counted: a repeat of the request is not counted again. */
  public static String countedMiss(String tenantId, String signatureId) {
    return "coupons:missed:{" + tenantId + "}:" + signatureId;
  }

  /** Failed code lookups of one player (or client address) in one tenant, in the current window. */
  public static String failedLookups(String tenantId, String who) {
    return "coupons:misses:{" + tenantId + "}:" + who;
  }

  /** An HMAC-signed write already accepted: the SHA-256 of its signature, kept while its timestamp is acceptable. */
  public static String seenSignature(String tenantId, String signatureHash) {
    return "coupons:replay:{" + tenantId + "}:" + signatureHash;
  }

  /**
   * Lockouts in force, all tenants (a sorted set: member [tenant, who], score the instant it ends in epoch
   * milliseconds), which an instance loads when it (re)subscribes to the other instances' announcements.
   * Written and read by single-key commands only, so its slot does not matter on Redis Cluster.
   */
  public static String lockoutIndex() {
    return "coupons:lockouts";
  }

  /** A tenant's request budget shared by all instances (lua/take_budget.lua): {tokens, at}. */
  public static String tenantBudget(String tenantId) {
    return "coupons:budget:{" + tenantId + "}";
  }
}
