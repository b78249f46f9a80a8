package gg.phoenix.coupons.config;

import gg.phoenix.coupons.api.IpAddresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The service's settings, read once from the merged configuration (conf/config.json, then environment
 * variables of the same names, then deployment options). A missing or mistyped key stops start-up with
 * one line that names it.
 */
public record ServiceConfig(
    Http http,
    Coupons coupons,
    Postgres postgres,
    Replica replica,
    Redis redis,
    Auth auth,
    Jwt jwt,
    Guard guard,
    Lockout lockout,
    Caches caches,
    Events events,
    Secrets secrets,
    Edge edge,
    Jobs jobs,
    Campaigns campaigns,
    Console console) {

  /** Campaign counts (docs/campaigns.md): how often validation and lockout counts go from memory to PostgreSQL. */
  public record Campaigns(long statsFlushMs) {

    private static Campaigns from(Reader r) {
      return new Campaigns(r.integer("STATS_FLUSH_MS", 100, 600_000));
    }
  }

  /**
   * The studio console (docs/console.md): the address its invitation links start with, how long an invitation and
   * an idle session last, how many wrong passwords an account or an address may try, and the secret that signs
   * CSRF tokens (when not configured, a random one made here, once per process, which suits a single instance
   * only). {@link #toString} leaves the secret out.
   */
  public record Console(String publicUrl, int invitationHours, int sessionIdleMinutes, int loginFailureLimit,
                        int loginFailureWindowSeconds, String csrfSecret) {

    @Override
    public String toString() {
      return "Console[publicUrl=" + publicUrl + ", invitationHours=" + invitationHours + ", sessionIdleMinutes="
          + sessionIdleMinutes + ", loginFailureLimit=" + loginFailureLimit + ", loginFailureWindowSeconds="
          + loginFailureWindowSeconds + ", csrfSecret=(hidden)]";
    }

    private static Console from(Reader r) {
      String url = r.string("CONSOLE_PUBLIC_URL").strip().replaceAll("/+$", "");
      if (!url.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
        throw new IllegalArgumentException("Configuration key CONSOLE_PUBLIC_URL must be an http or https URL, got '" + url + "'");
      }
      String secret = r.optional("CONSOLE_CSRF_SECRET").strip();
      if (!secret.isEmpty() && secret.length() < 32) {
        throw new IllegalArgumentException("Configuration key CONSOLE_CSRF_SECRET must be at least 32 characters when set");
      }
      if (secret.isEmpty()) {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        secret = java.util.Base64.getEncoder().encodeToString(random);
      }
      return new Console(url, r.integer("CONSOLE_INVITATION_HOURS", 1, 24 * 30),
          r.integer("CONSOLE_SESSION_IDLE_MINUTES", 1, 24 * 60), r.integer("CONSOLE_LOGIN_FAILURE_LIMIT", 1, 1000),
          r.integer("CONSOLE_LOGIN_FAILURE_WINDOW_SECONDS", 1, 86_400), secret);
    }
  }

  /**
   * The public listener and the requests it takes: its port and instance count, how long a request waits for an
   * answer on the event bus, the largest body, and how long the server waits on a connection: for any byte in
   * either direction, and for a request's line and headers once it has begun (or once the connection opened).
   */
  public record Http(int port, int instances, long requestTimeoutMs, int bodyLimitBytes, int idleTimeoutSeconds,
                     int headerTimeoutSeconds, long importBodyLimitBytes) {

    private static Http from(Reader r, int cores) {
      return new Http(r.integer("HTTP_PORT", 0, 65535), r.instances("HTTP_INSTANCES", cores),
          r.integer("REQUEST_TIMEOUT_MS", 100, 600_000), r.integer("BODY_LIMIT_BYTES", 1024, 100_000_000),
          r.integer("HTTP_IDLE_TIMEOUT_SECONDS", 1, 3600), r.integer("HTTP_HEADER_TIMEOUT_SECONDS", 1, 3600),
          r.integer("IMPORT_BODY_LIMIT_BYTES", 1024, 2_000_000_000));
    }
  }

  /**
   * The coupon verticles: how many run, and how redemptions of own coupons are gathered into one statement (how
   * many such batches may be in flight at once, and how many redemptions one holds).
   */
  public record Coupons(int instances, int redeemBatchesInFlight, int redeemBatchSize) {

    private static Coupons from(Reader r, int cores) {
      return new Coupons(r.instances("COUPON_INSTANCES", cores), r.integer("REDEEM_BATCHES_IN_FLIGHT", 1, 1000),
          r.integer("REDEEM_BATCH_SIZE", 1, 1000));
    }
  }

  /**
   * How tenants and the operator prove who they are: the allowed clock skew of a signed request (also how long its
   * signature is remembered), the clock leeway of a JWT, how long an HTTP verticle keeps a tenant's credentials, how
   * long a rotated secret still signs, and the admin API's bearer token. {@link #toString} leaves the token out.
   */
  public record Auth(long hmacMaxSkewSeconds, int jwtLeewaySeconds, long tenantCacheSeconds, long secretGraceSeconds,
                     String adminToken) {

    @Override
    public String toString() {
      return "Auth[hmacMaxSkewSeconds=" + hmacMaxSkewSeconds + ", jwtLeewaySeconds=" + jwtLeewaySeconds
          + ", tenantCacheSeconds=" + tenantCacheSeconds + ", secretGraceSeconds=" + secretGraceSeconds
          + ", adminToken=" + (adminToken.isEmpty() ? "" : "(set)") + "]";
    }

    private static Auth from(Reader r) {
      return new Auth(r.integer("HMAC_MAX_SKEW_SECONDS", 1, 86_400), r.integer("JWT_LEEWAY_SECONDS", 0, 3600),
          r.integer("TENANT_CACHE_SECONDS", 0, 3600), r.integer("SECRET_GRACE_SECONDS", 0, 30 * 86_400),
          r.optional("ADMIN_TOKEN"));
    }
  }

  /**
   * The Redis guard of use counts: how long a usage counter lives before it is rebuilt from PostgreSQL, and how
   * long a use reserved in Redis counts without news from its process.
   */
  public record Guard(long counterTtlSeconds, long leaseMs) {

    private static Guard from(Reader r) {
      return new Guard(r.integer("GUARD_COUNTER_TTL_SECONDS", 1, 86_400), r.integer("GUARD_LEASE_MS", 100, 600_000));
    }
  }

  /**
   * The lockout of code guessers (docs/security.md): how many unknown codes one may try per window before validate
   * and redeem answer 429 to it.
   */
  public record Lockout(int failureLimit, long failureWindowSeconds) {

    private static Lockout from(Reader r) {
      return new Lockout(r.integer("LOOKUP_FAILURE_LIMIT", 1, 1_000_000),
          r.integer("LOOKUP_FAILURE_WINDOW_SECONDS", 1, 86_400));
    }
  }

  /**
   * Generation jobs and the other bulk work (docs/jobs.md): the size of their own PostgreSQL pool, how many jobs
   * of one tenant run at once (the others wait queued), how often an instance renews its claim on the jobs it runs,
   * after how long without renewal another instance takes a job over, how often instances look for work, and how
   * jobs yield to foreground work: codes per chunk, and the share of its time each of a job's lanes has a chunk
   * under way (after each chunk it pauses in proportion).
   */
  public record Jobs(int bulkPoolSize, int jobsPerTenant, long heartbeatMs, long takeoverMs, long pollMs, int chunkSize,
                     int dutyPercent) {

    private static Jobs from(Reader r) {
      int heartbeat = r.integer("JOB_HEARTBEAT_MS", 50, 600_000);
      int takeover = r.integer("JOB_TAKEOVER_MS", 100, 3_600_000);
      if (takeover < 2 * heartbeat) {
        throw new IllegalArgumentException("Configuration key JOB_TAKEOVER_MS must be at least twice JOB_HEARTBEAT_MS ("
            + heartbeat + ")");
      }
      return new Jobs(r.integer("BULK_POOL_SIZE", 1, 100), r.integer("JOBS_PER_TENANT", 1, 100), heartbeat, takeover,
          r.integer("JOB_POLL_MS", 10, 600_000), r.integer("JOB_CHUNK_SIZE", 100, 50_000),
          r.integer("JOB_DUTY_PERCENT", 1, 100));
    }
  }

  /**
   * Where the service's data lives: PostgreSQL's address and login, the schema, and the main pool's size. With a
   * transaction-mode pooler at host:port ({@code pooler} {@value #PGBOUNCER_TRANSACTION}), directHost:directPort is
   * the server itself, for what needs a session of its own: migrations and LISTEN. {@link #toString} leaves the
   * password out.
   */
  public record Postgres(String host, int port, String database, String schema, String user, String password,
                         int poolSize, String pooler, String directHost, int directPort) {

    public static final String NO_POOLER = "none";
    public static final String PGBOUNCER_TRANSACTION = "pgbouncer-transaction";

    /** Whether connections go through a pooler that hands a server connection to a client per transaction. */
    public boolean transactionPooled() {
      return PGBOUNCER_TRANSACTION.equals(pooler);
    }

    @Override
    public String toString() {
      return "Postgres[host=" + host + ", port=" + port + ", database=" + database + ", schema=" + schema + ", user="
          + user + ", password=" + (password.isEmpty() ? "" : "(set)") + ", poolSize=" + poolSize + ", pooler=" + pooler
          + ", directHost=" + directHost + ", directPort=" + directPort + "]";
    }

    private static Postgres from(Reader r) {
      String host = r.string("PG_HOST");
      int port = r.integer("PG_PORT", 1, 65535);
      String pooler = r.optional("PG_POOLER").isBlank() ? NO_POOLER : r.oneOf("PG_POOLER", NO_POOLER, PGBOUNCER_TRANSACTION);
      String directHost = r.optional("PG_DIRECT_HOST");
      if (PGBOUNCER_TRANSACTION.equals(pooler) && directHost.isBlank()) {
        throw new IllegalArgumentException("Configuration key PG_DIRECT_HOST is missing or empty: with PG_POOLER="
            + PGBOUNCER_TRANSACTION + " migrations and LISTEN need the PostgreSQL server itself, not the pooler");
      }
      int directPort = r.optional("PG_DIRECT_PORT").isBlank() ? port : r.integer("PG_DIRECT_PORT", 1, 65535);
      return new Postgres(host, port, r.string("PG_DATABASE"), r.identifier("PG_SCHEMA"), r.string("PG_USER"),
          r.optional("PG_PASSWORD"), r.integer("PG_POOL_SIZE", 1, 1000), pooler,
          directHost.isBlank() ? host : directHost, directPort);
    }
  }

  /**
   * A streaming replica of PostgreSQL that serves the read-only endpoints (docs/scaling.md#read-replica): its address
   * and login (empty keys take the primary's), its pool's size, the replay lag past which reads go to the primary,
   * and how often that lag is measured. No host: no replica, every read on the primary. {@link #toString} leaves the
   * password out.
   */
  public record Replica(String host, int port, String database, String user, String password, int poolSize,
                        long maxLagMs, long lagCheckMs) {

    public boolean configured() {
      return !host.isBlank();
    }

    /**
     * How long a write keeps its player's or tenant's reads on the primary: past it, the replica serves them only
     * while its lag, measured at most one check ago, is within the bound, so it has replayed the write.
     */
    public long pinMs() {
      return maxLagMs + 2 * lagCheckMs;
    }

    @Override
    public String toString() {
      return "Replica[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user + ", password="
          + (password.isEmpty() ? "" : "(set)") + ", poolSize=" + poolSize + ", maxLagMs=" + maxLagMs
          + ", lagCheckMs=" + lagCheckMs + "]";
    }

    private static Replica from(Reader r, Postgres primary) {
      String host = r.optional("PG_REPLICA_HOST").strip();
      int port = r.optional("PG_REPLICA_PORT").isBlank() ? primary.port() : r.integer("PG_REPLICA_PORT", 1, 65535);
      String database = r.optional("PG_REPLICA_DATABASE").isBlank() ? primary.database() : r.string("PG_REPLICA_DATABASE");
      String user = r.optional("PG_REPLICA_USER").isBlank() ? primary.user() : r.string("PG_REPLICA_USER");
      String password = r.optional("PG_REPLICA_PASSWORD").isEmpty() ? primary.password() : r.optional("PG_REPLICA_PASSWORD");
      return new Replica(host, port, database, user, password, r.integer("PG_REPLICA_POOL_SIZE", 1, 1000),
          r.integer("PG_REPLICA_MAX_LAG_MS", 1, 3_600_000), r.integer("PG_REPLICA_LAG_CHECK_MS", 10, 60_000));
    }
  }

  /**
   * How Redis is reached: its URL (or a cluster's), which kind it is, and how long one command may take.
   * {@link #toString} leaves out the login a URL may hold ({@code redis://user:password@host}).
   */
  public record Redis(String url, String type, long timeoutMs) {

    @Override
    public String toString() {
      return "Redis[url=" + url.replaceAll("://[^/,]*@", "://(login)@") + ", type=" + type + ", timeoutMs="
          + timeoutMs + "]";
    }

    private static Redis from(Reader r) {
      return new Redis(r.string("REDIS_URL"), r.oneOf("REDIS_TYPE", "standalone", "cluster"),
          r.integer("REDIS_TIMEOUT_MS", 10, 60_000));
    }
  }

  /**
   * The caches of public codes and definitions: on or off (off: PostgreSQL every time, no in-process copies), how
   * long Redis keeps an entry, and how long this process keeps its near copy.
   */
  public record Caches(boolean enabled, long ttlSeconds, long nearSeconds) {

    private static Caches from(Reader r) {
      return new Caches(r.bool("CACHE_ENABLED"), r.integer("CACHE_TTL_SECONDS", 1, 86_400),
          r.integer("NEAR_CACHE_SECONDS", 0, 3600));
    }
  }

  /**
   * Where the AEAD keyset that seals tenant secrets comes from (docs/security.md): SECRETS_KEYSET holds the
   * keyset's JSON, SECRETS_KEYSET_FILE names a file holding it; at most one is set. Neither: a local keyset under
   * EMBEDDED_DATA_DIR, refused with PROFILE=prod. {@link #toString} leaves the key material out.
   */
  public record Secrets(String keysetJson, String keysetFile) {

    public boolean configured() {
      return !keysetJson.isBlank() || !keysetFile.isBlank();
    }

    @Override
    public String toString() {
      return "Secrets[keysetJson=" + (keysetJson.isBlank() ? "" : "(set)") + ", keysetFile=" + keysetFile + "]";
    }

    private static Secrets from(Reader r) {
      String json = keysetText(r.json().getValue("SECRETS_KEYSET"));
      String file = r.optional("SECRETS_KEYSET_FILE").strip();
      if (!json.isEmpty() && !file.isEmpty()) {
        throw new IllegalArgumentException("Configuration keys SECRETS_KEYSET and SECRETS_KEYSET_FILE are both set: set one");
      }
      return new Secrets(json, file);
    }

    /**
     * The environment store turns a value that looks like a JSON object into one, and one that ends otherwise (a
     * keyset file's trailing newline) but holds a comma into a one-element array around it: take it back as text.
     */
    private static String keysetText(Object value) {
      if (value instanceof JsonObject object) {
        return object.encode();
      }
      if (value instanceof JsonArray array && array.size() == 1 && array.getValue(0) instanceof JsonObject object) {
        return object.encode();
      }
      return value == null ? "" : String.valueOf(value).strip();
    }
  }

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

  /**
   * What a tenant JWT may claim beyond its signature (RFC 8725): its longest lifetime, and the audience and
   * issuer it must name when these are set (empty: not checked).
   */
  public record Jwt(long maxLifetimeSeconds, String audience, String issuer) {

    private static Jwt from(Reader r) {
      return new Jwt(r.integer("JWT_MAX_LIFETIME_SECONDS", 1, 365 * 86_400), r.optional("JWT_AUDIENCE").strip(),
          r.optional("JWT_ISSUER").strip());
    }
  }

  /** Settings of the outbox relay and the webhook senders (docs/events.md). */
  public record Events(
      int relayInstances,
      int relayBatchSize,
      long relayPollMs,
      long relayGatherMs,
      long relayNotifyMs,
      long retentionSeconds,
      String streamPrefix,
      long streamMaxLen,
      int webhookSenders,
      long webhookTimeoutMs,
      int webhookConcurrency,
      int webhookTenantConcurrency,
      long webhookPollMs,
      long webhookRetryBaseMs,
      long webhookRetryMaxMs,
      long webhookRetryWindowSeconds,
      boolean webhookAllowPrivateTargets) {

    private static Events from(Reader r) {
      if (r.integer("WEBHOOK_RETRY_MAX_MS", 10, 86_400_000) < r.integer("WEBHOOK_RETRY_BASE_MS", 10, 86_400_000)) {
        throw new IllegalArgumentException("Configuration key WEBHOOK_RETRY_MAX_MS must not be below WEBHOOK_RETRY_BASE_MS");
      }
      int concurrency = r.integer("WEBHOOK_CONCURRENCY", 1, 10_000);
      if (r.integer("WEBHOOK_TENANT_CONCURRENCY", 1, 10_000) > concurrency) {
        throw new IllegalArgumentException("Configuration key WEBHOOK_TENANT_CONCURRENCY must not be above WEBHOOK_CONCURRENCY");
      }
      boolean allowPrivate = r.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS");
      if (allowPrivate && r.optional("PROFILE").strip().equalsIgnoreCase("prod")) {
        throw new IllegalArgumentException("Configuration key WEBHOOK_ALLOW_PRIVATE_TARGETS=true is refused under PROFILE=prod "
            + "(it lets webhooks reach the service's own network)");
      }
      return new Events(
          r.integer("OUTBOX_RELAY_INSTANCES", 0, 64),
          r.integer("OUTBOX_BATCH_SIZE", 1, 10_000),
          r.integer("OUTBOX_POLL_MS", 10, 600_000),
          r.integer("OUTBOX_GATHER_MS", 0, 10_000),
          r.integer("OUTBOX_NOTIFY_MS", 1, 10_000),
          r.integer("OUTBOX_RETENTION_SECONDS", 1, 365 * 86_400),
          r.string("EVENTS_STREAM_PREFIX"),
          r.integer("EVENTS_STREAM_MAXLEN", 1, 1_000_000_000),
          r.integer("WEBHOOK_SENDERS", 0, 64),
          r.integer("WEBHOOK_TIMEOUT_MS", 100, 120_000),
          concurrency,
          r.integer("WEBHOOK_TENANT_CONCURRENCY", 1, 10_000),
          r.integer("WEBHOOK_POLL_MS", 10, 600_000),
          r.integer("WEBHOOK_RETRY_BASE_MS", 10, 86_400_000),
          r.integer("WEBHOOK_RETRY_MAX_MS", 10, 86_400_000),
          r.integer("WEBHOOK_RETRY_WINDOW_SECONDS", 1, 7 * 86_400),
          allowPrivate);
    }
  }

  /**
   * These settings without the keyset's text, for the verticles: they get the keyset opened, as a SecretBox, and
   * never hold its key material.
   */
  public ServiceConfig withoutKeyset() {
    return new ServiceConfig(http, coupons, postgres, replica, redis, auth, jwt, guard, lockout, caches, events,
        new Secrets("", secrets.keysetFile), edge, jobs, campaigns, console);
  }

  public static ServiceConfig from(JsonObject json) {
    Reader r = new Reader(json);
    int cores = Runtime.getRuntime().availableProcessors();
    Http http = Http.from(r, cores);
    Postgres postgres = Postgres.from(r);
    return new ServiceConfig(
        http,
        Coupons.from(r, cores),
        postgres,
        Replica.from(r, postgres),
        Redis.from(r),
        Auth.from(r),
        Jwt.from(r),
        Guard.from(r),
        Lockout.from(r),
        Caches.from(r),
        Events.from(r),
        Secrets.from(r),
        Edge.from(r, http.port()),
        Jobs.from(r),
        Campaigns.from(r),
        Console.from(r));
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

    /**
     * The one reading of every yes-or-no key: true, yes or 1 turn it on; false, no, 0, an empty value or none turn it
     * off; any case, spaces around ignored (docs/configuration.md). Anything else stops start-up, naming the key.
     */
    boolean bool(String key) {
      Object value = json.getValue(key);
      if (value instanceof Boolean given) {
        return given;
      }
      String raw = value == null ? "" : String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT);
      return switch (raw) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0", "" -> false;
        default -> throw new IllegalArgumentException("Configuration key " + key
            + " must be true or false (or yes/no, 1/0), got '" + value + "'");
      };
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
