package gg.phoenix.coupons.config;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the service is run, as opposed to what it serves ({@link ServiceConfig}): cross-origin access, shutdown,
 * embedded back-ends, profile and demo data. Read from the same merged configuration; a bad value stops
 * start-up with one line naming the key.
 */
public record DeployConfig(
    List<String> corsOrigins,
    int shutdownGraceSeconds,
    Embedded embedded,
    String profile,
    boolean demo,
    String embeddedDataDir,
    int embeddedPgPort,
    int embeddedRedisPort) {

  /** When to start PostgreSQL and Redis in-process: always, never, or when nothing answers where configured. */
  public enum Embedded { AUTO, TRUE, FALSE }

  public static final String PROD = "prod";

  /** The shortest ADMIN_TOKEN PROFILE=prod accepts (an empty one turns the admin API off and is accepted). */
  public static final int MIN_PROD_ADMIN_TOKEN = 32;

  public static DeployConfig from(JsonObject json) {
    ServiceConfig.Reader r = new ServiceConfig.Reader(json);
    String profile = oneOf(json, "PROFILE", "dev", "prod");
    int adminTokenLength = r.optional("ADMIN_TOKEN").length();
    if (PROD.equals(profile) && adminTokenLength > 0 && adminTokenLength < MIN_PROD_ADMIN_TOKEN) {
      throw new IllegalArgumentException("Configuration key ADMIN_TOKEN must be at least " + MIN_PROD_ADMIN_TOKEN
          + " characters under PROFILE=prod (it has " + adminTokenLength + "; empty turns the admin API off)");
    }
    boolean demo = r.bool("DEMO");
    if (PROD.equals(profile) && demo) {
      throw new IllegalArgumentException("Configuration key DEMO (--demo) is refused under PROFILE=prod: the demo creates "
          + "a tenant and a public code and prints the tenant's secret to standard output");
    }
    return new DeployConfig(
        origins(json.getValue("CORS_ORIGINS")),
        r.integer("SHUTDOWN_GRACE_SECONDS", 0, 3600),
        embedded(json.getValue("EMBEDDED")),
        profile,
        demo,
        r.string("EMBEDDED_DATA_DIR"),
        r.integer("EMBEDDED_PG_PORT", 1, 65535),
        r.integer("EMBEDDED_REDIS_PORT", 1, 65535));
  }

  public boolean production() {
    return PROD.equals(profile);
  }

  /** Comma-separated origins such as {@code https://play.example.com,http://localhost:3000}; empty = none. */
  private static List<String> origins(Object value) {
    String raw = value == null ? "" : String.valueOf(value);
    List<String> origins = Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String origin : origins) {
      if (!origin.matches("https?://[A-Za-z0-9.\\[\\]:-]+")) {
        throw new IllegalArgumentException("Configuration key CORS_ORIGINS must list origins such as "
            + "https://play.example.com (scheme, host, optional port; no path, no '*'), got '" + origin + "'");
      }
    }
    return origins;
  }

  private static Embedded embedded(Object value) {
    String raw = value == null ? "auto" : String.valueOf(value).strip().toUpperCase(Locale.ROOT);
    try {
      return Embedded.valueOf(raw.isEmpty() ? "AUTO" : raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Configuration key EMBEDDED must be auto, true or false, got '" + value + "'");
    }
  }

  private static String oneOf(JsonObject json, String key, String... allowed) {
    String value = new ServiceConfig.Reader(json).string(key).strip().toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException("Configuration key " + key + " must be one of " + String.join(", ", allowed)
          + ", got '" + json.getValue(key) + "'");
    }
    return value;
  }
}
