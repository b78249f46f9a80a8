package gg.phoenix.coupons;

import gg.phoenix.coupons.config.DeployConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * PostgreSQL and Redis started inside the process, so that the jar runs on a machine that has neither.
 * EMBEDDED=auto (the default) starts each one only when nothing answers where it is configured (or PG_HOST /
 * REDIS_URL is empty); true always, false never. PROFILE=prod refuses to start either. PostgreSQL keeps its
 * data under EMBEDDED_DATA_DIR/pg across restarts; Redis is a cache and keeps nothing.
 */
public final class EmbeddedBackends implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackends.class);
  private static final int PROBE_TIMEOUT_MS = 500;
  private static final String LOOPBACK = "127.0.0.1";

  private final EmbeddedPostgres postgres;
  private final RedisServer redis;

  private EmbeddedBackends(EmbeddedPostgres postgres, RedisServer redis) {
    this.postgres = postgres;
    this.redis = redis;
  }

  /**
   * Starts what the configuration lacks, on a worker thread, and answers the configuration pointed at it
   * (PG_* and REDIS_URL replaced), with the handle to stop them; a handle of nothing when all is external.
   */
  public static Future<Started> startIfNeeded(Vertx vertx, JsonObject json, DeployConfig deploy) {
    boolean pg = wanted(deploy, json.getValue("PG_HOST"), json.getValue("PG_PORT"));
    // A cluster is never replaced by an embedded (standalone) Redis; a standalone URL is probed as given.
    boolean cluster = "cluster".equals(String.valueOf(json.getValue("REDIS_TYPE")));
    String redisUrl = json.getValue("REDIS_URL") == null ? "" : String.valueOf(json.getValue("REDIS_URL"));
    URI redisUri = redisUrl.isBlank() ? null : URI.create(redisUrl);
    boolean redis = !cluster && wanted(deploy, redisUri == null ? null : redisUri.getHost(),
        redisUri == null ? null : redisUri.getPort() < 0 ? 6379 : redisUri.getPort());
    if (!pg && !redis) {
      return Future.succeededFuture(new Started(json, new EmbeddedBackends(null, null)));
    }
    if (deploy.production()) {
      return Future.failedFuture(new IllegalStateException("PROFILE=prod refuses to start an embedded "
          + (pg ? "PostgreSQL" : "Redis") + ": set PG_HOST/PG_PORT/PG_DATABASE/PG_USER/PG_PASSWORD and REDIS_URL to reachable servers"));
    }
    return vertx.executeBlocking(() -> start(json.copy(), deploy, pg, redis));
  }

  /** The configuration to run with, and what to stop at the end. */
  public record Started(JsonObject config, EmbeddedBackends backends) {
  }

  private static Started start(JsonObject json, DeployConfig deploy, boolean pg, boolean redis) throws IOException {
    EmbeddedPostgres postgres = null;
    RedisServer redisServer = null;
    try {
      if (pg) {
        Path data = Path.of(deploy.embeddedDataDir(), "pg").toAbsolutePath();
        Files.createDirectories(data.getParent());
        postgres = EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(deploy.embeddedPgPort())
            .setServerConfig("listen_addresses", LOOPBACK)
            .start();
        json.put("PG_HOST", LOOPBACK).put("PG_PORT", postgres.getPort()).put("PG_DATABASE", "postgres")
            .put("PG_USER", "postgres").put("PG_PASSWORD", "");
        LOG.warn("EMBEDDED PostgreSQL on {}:{}, data in {} (kept across restarts). For real use point PG_HOST, PG_PORT, "
            + "PG_DATABASE, PG_USER, PG_PASSWORD at your server (EMBEDDED=false refuses embedded servers)",
            LOOPBACK, postgres.getPort(), data);
      }
      if (redis) {
        redisServer = RedisServer.newRedisServer()
            .bind(LOOPBACK)
            .port(deploy.embeddedRedisPort())
            .setting("save \"\"")
            .setting("appendonly no")
            .build();
        redisServer.start();
        json.put("REDIS_URL", "redis://" + LOOPBACK + ":" + deploy.embeddedRedisPort());
        LOG.warn("EMBEDDED Redis on {}:{} (keeps nothing). For real use set REDIS_URL, e.g. redis://cache.internal:6379",
            LOOPBACK, deploy.embeddedRedisPort());
      }
      return new Started(json, new EmbeddedBackends(postgres, redisServer));
    } catch (IOException | RuntimeException e) {
      new EmbeddedBackends(postgres, redisServer).close();
      throw e;
    }
  }

  private static boolean wanted(DeployConfig deploy, Object host, Object port) {
    return switch (deploy.embedded()) {
      case TRUE -> true;
      case FALSE -> false;
      case AUTO -> host == null || String.valueOf(host).isBlank() || !listening(String.valueOf(host), port);
    };
  }

  private static boolean listening(String host, Object port) {
    int number;
    try {
      number = Integer.parseInt(String.valueOf(port).trim());
    } catch (NumberFormatException e) {
      return true; // let the normal configuration check name the bad key
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, number), PROBE_TIMEOUT_MS);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  public boolean running() {
    return postgres != null || redis != null;
  }

  /** Blocking: stops Redis, then PostgreSQL (a fast shutdown that keeps the data). */
  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Embedded Redis did not stop cleanly: {}", e.getMessage());
      }
    }
    if (postgres != null) {
      try {
        postgres.close();
        LOG.info("Embedded PostgreSQL stopped");
      } catch (IOException | RuntimeException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
