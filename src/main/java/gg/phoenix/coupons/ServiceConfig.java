package gg.phoenix.coupons;

import io.vertx.core.json.JsonObject;

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
    String redisUrl,
    long hmacMaxSkewSeconds,
    int jwtLeewaySeconds,
    long tenantCacheSeconds) {

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
        json.getValue("PG_PASSWORD") == null ? "" : String.valueOf(json.getValue("PG_PASSWORD")),
        r.integer("PG_POOL_SIZE", 1, 1000),
        r.string("REDIS_URL"),
        r.integer("HMAC_MAX_SKEW_SECONDS", 1, 86_400),
        r.integer("JWT_LEEWAY_SECONDS", 0, 3600),
        r.integer("TENANT_CACHE_SECONDS", 0, 3600));
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
