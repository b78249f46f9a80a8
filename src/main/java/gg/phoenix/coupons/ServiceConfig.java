package gg.phoenix.coupons;

import gg.phoenix.coupons.common.IpAddresses;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The service's settings, read once from the merged configuration (conf/config.json, then environment
 * variables of the same names, then deployment options). A missing or mistyped key stops start-up with
 * one line that names it.
 */
public record ServiceConfig(
    int httpPort,
    int httpInstances,
    int couponInstances,
    long requestTimeoutMs,
    int bodyLimitBytes,
    String pgHost,
    int pgPort,
    String pgDatabase,
    String pgSchema,
    String pgUser,
    String pgPassword,
    int pgPoolSize,
    int redeemBatchesInFlight,
    int redeemBatchSize,
    String redisUrl,
    String redisType,
    long hmacMaxSkewSeconds,
    int jwtLeewaySeconds,
    long tenantCacheSeconds,
    long secretGraceSeconds,
    String adminToken,
    long redisTimeoutMs,
    long guardCounterTtlSeconds,
    long guardLeaseMs,
    long cacheTtlSeconds,
    boolean cacheEnabled,
    long nearCacheSeconds,
    int lookupFailureLimit,
    long lookupFailureWindowSeconds,
    Events events,
    Edge edge) {

  /**
   * What faces callers directly: the operators' listener, which proxies are believed about the client's address,
   * each tenant's request budget, and how many wrong admin tokens an address may try (docs/security.md).
   */
  public record Edge(
      String opsHost,
      int opsPort,
      List<IpAddresses.Range> trustedProxies,
      int tenantRateLimit,
      int tenantRateBurst,
      int adminFailureLimit,
      long adminFailureWindowSeconds) {

    private static Edge from(Reader r, int httpPort) {
      int opsPort = r.integer("OPS_PORT", 0, 65535);
      if (opsPort != 0 && opsPort == httpPort) {
        throw new IllegalArgumentException("Configuration key OPS_PORT must differ from HTTP_PORT (" + httpPort + ")");
      }
      int rate = r.integer("TENANT_RATE_LIMIT", 1, 10_000_000);
      int burst = r.integer("TENANT_RATE_BURST", 1, 100_000_000);
      return new Edge(
          r.string("OPS_HOST"),
          opsPort,
          IpAddresses.parseRanges(r.optional("TRUSTED_PROXIES"), "TRUSTED_PROXIES"),
          rate,
          burst,
          r.integer("ADMIN_FAILURE_LIMIT", 1, 1_000_000),
          r.integer("ADMIN_FAILURE_WINDOW_SECONDS", 1, 86_400));
    }
  }

  /** Settings of the outbox relay and the webhook senders (docs/events.md). */
  public record Events(
      int relayInstances,
      int relayBatchSize,
      long relayPollMs,
      long relayGatherMs,
      long retentionSeconds,
      String streamPrefix,
      long streamMaxLen,
      int webhookSenders,
      long webhookTimeoutMs,
      int webhookConcurrency,
      long webhookPollMs,
      long webhookRetryBaseMs,
      long webhookRetryMaxMs,
      long webhookRetryWindowSeconds,
      boolean webhookAllowPrivateTargets) {

    private static Events from(Reader r) {
      if (r.integer("WEBHOOK_RETRY_MAX_MS", 10, 86_400_000) < r.integer("WEBHOOK_RETRY_BASE_MS", 10, 86_400_000)) {
        throw new IllegalArgumentException("Configuration key WEBHOOK_RETRY_MAX_MS must not be below WEBHOOK_RETRY_BASE_MS");
      }
      return new Events(
          r.integer("OUTBOX_RELAY_INSTANCES", 0, 64),
          r.integer("OUTBOX_BATCH_SIZE", 1, 10_000),
          r.integer("OUTBOX_POLL_MS", 10, 600_000),
          r.integer("OUTBOX_GATHER_MS", 0, 10_000),
          r.integer("OUTBOX_RETENTION_SECONDS", 1, 365 * 86_400),
          r.string("EVENTS_STREAM_PREFIX"),
          r.integer("EVENTS_STREAM_MAXLEN", 1, 1_000_000_000),
          r.integer("WEBHOOK_SENDERS", 0, 64),
          r.integer("WEBHOOK_TIMEOUT_MS", 100, 120_000),
          r.integer("WEBHOOK_CONCURRENCY", 1, 10_000),
          r.integer("WEBHOOK_POLL_MS", 10, 600_000),
          r.integer("WEBHOOK_RETRY_BASE_MS", 10, 86_400_000),
          r.integer("WEBHOOK_RETRY_MAX_MS", 10, 86_400_000),
          r.integer("WEBHOOK_RETRY_WINDOW_SECONDS", 1, 7 * 86_400),
          r.oneOf("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true", "false").equals("true"));
    }
  }

  public static ServiceConfig from(JsonObject json) {
    Reader r = new Reader(json);
    int cores = Runtime.getRuntime().availableProcessors();
    return new ServiceConfig(
        r.integer("HTTP_PORT", 0, 65535),
        r.instances("HTTP_INSTANCES", cores),
        r.instances("COUPON_INSTANCES", cores),
        r.integer("REQUEST_TIMEOUT_MS", 100, 600_000),
        r.integer("BODY_LIMIT_BYTES", 1024, 100_000_000),
        r.string("PG_HOST"),
        r.integer("PG_PORT", 1, 65535),
        r.string("PG_DATABASE"),
        r.identifier("PG_SCHEMA"),
        r.string("PG_USER"),
        r.optional("PG_PASSWORD"),
        r.integer("PG_POOL_SIZE", 1, 1000),
        r.integer("REDEEM_BATCHES_IN_FLIGHT", 1, 1000),
        r.integer("REDEEM_BATCH_SIZE", 1, 1000),
        r.string("REDIS_URL"),
        r.oneOf("REDIS_TYPE", "standalone", "cluster"),
        r.integer("HMAC_MAX_SKEW_SECONDS", 1, 86_400),
        r.integer("JWT_LEEWAY_SECONDS", 0, 3600),
        r.integer("TENANT_CACHE_SECONDS", 0, 3600),
        r.integer("SECRET_GRACE_SECONDS", 0, 30 * 86_400),
        r.optional("ADMIN_TOKEN"),
        r.integer("REDIS_TIMEOUT_MS", 10, 60_000),
        r.integer("GUARD_COUNTER_TTL_SECONDS", 1, 86_400),
        r.integer("GUARD_LEASE_MS", 100, 600_000),
        r.integer("CACHE_TTL_SECONDS", 1, 86_400),
        r.oneOf("CACHE_ENABLED", "true", "false").equals("true"),
        r.integer("NEAR_CACHE_SECONDS", 0, 3600),
        r.integer("LOOKUP_FAILURE_LIMIT", 1, 1_000_000),
        r.integer("LOOKUP_FAILURE_WINDOW_SECONDS", 1, 86_400),
        Events.from(r),
        Edge.from(r, r.integer("HTTP_PORT", 0, 65535)));
  }

  /** Reads typed values; environment variables arrive as strings, so numbers are parsed from either. */
  record Reader(JsonObject json) {

    String string(String key) {
      Object value = json.getValue(key);
      if (value == null || String.valueOf(value).isBlank()) {
        throw new IllegalArgumentException("Configuration key " + key + " is missing or empty");
      }
      return String.valueOf(value);
    }

    String oneOf(String key, String... allowed) {
      String value = string(key);
      if (!java.util.List.of(allowed).contains(value)) {
        throw new IllegalArgumentException("Configuration key " + key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
      }
      return value;
    }

    String optional(String key) {
      Object value = json.getValue(key);
      return value == null ? "" : String.valueOf(value);
    }

    String identifier(String key) {
      String value = string(key);
      if (!value.matches("[a-z_][a-z0-9_]{0,62}")) {
        throw new IllegalArgumentException("Configuration key " + key + " must be a lower-case SQL identifier, got '" + value + "'");
      }
      return value;
    }

    int integer(String key, int min, int max) {
      String raw = string(key);
      try {
        int value = Integer.parseInt(raw.trim());
        if (value < min || value > max) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Configuration key " + key + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
      }
    }

    /** A verticle instance count; 0 means one per core. */
    int instances(String key, int cores) {
      int value = integer(key, 0, 256);
      return value == 0 ? cores : value;
    }
  }
}
