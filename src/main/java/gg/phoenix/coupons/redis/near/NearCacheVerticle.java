package gg.phoenix.coupons.redis.near;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process subscribed to the other instances' {@link Announcements} and applies them to the
 * {@link LocalCaches}. On subscribing it loads the lockouts in force from their index; until both are done,
 * and whenever the connection closes or the heartbeats stop coming back, the local copies are cleared and
 * bypassed, and it subscribes again with a growing delay. Deployed once per process. On Redis Cluster it
 * subscribes on one node (trying the configured ones in turn): Redis Cluster passes every PUBLISH to all nodes.
 */
public class NearCacheVerticle extends VerticleBase {

  static final long HEARTBEAT_MS = 1000;
  /** Without a message heard for this long, not even our own heartbeat, the subscription is taken as lost. */
  static final long DEAF_AFTER_MS = 3000;
  private static final long FIRST_RETRY_MS = 100;
  private static final long MAX_RETRY_MS = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(NearCacheVerticle.class);

  private final ServiceConfig config;
  private final LocalCaches caches;
  private final String instanceId = UUID.randomUUID().toString();
  private Redis commands;
  private RedisAPI api;
  private List<String> endpoints;
  private long timeoutMs;
  private Redis subscriber;
  /** Numbers each subscription attempt, so that callbacks of an abandoned one are ignored. */
  private long session;
  private boolean listening;
  private long lastHeard;
  private long attempts;
  private long retryMs = FIRST_RETRY_MS;
  private boolean warned;
  private boolean stopped;
  private long heartbeats;

  public NearCacheVerticle(ServiceConfig config, LocalCaches caches) {
    this.config = config;
    this.caches = caches;
  }

  @Override
  public Future<?> start() {
    commands = RedisClients.create(vertx, config, 2);
    api = RedisAPI.api(commands);
    timeoutMs = config.redis().timeoutMs();
    endpoints = "cluster".equals(config.redis().type())
        ? Arrays.stream(config.redis().url().split(",")).map(String::strip).toList()
        : List.of(config.redis().url());
    heartbeats = vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
    // Start-up waits for the first attempt only: without Redis the service starts, with its caches bypassed.
    return subscribe().otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    session++;
    vertx.cancelTimer(heartbeats);
    caches.onUnsubscribed();
    return Future.join(subscriber == null ? Future.succeededFuture() : subscriber.close(), commands.close());
  }

  private Future<Void> subscribe() {
    long current = ++session;
    Promise<Void> confirmed = Promise.promise();
    Redis client = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(endpoints.get((int) (attempts++ % endpoints.size()))).setMaxPoolSize(1));
    subscriber = client;
    return client.connect()
        .compose(conn -> {
          conn.handler(message -> heard(current, message, confirmed));
          conn.endHandler(v -> lost(current, "connection closed"));
          conn.exceptionHandler(err -> lost(current, err.getMessage()));
          return conn.send(Request.cmd(Command.SUBSCRIBE).arg(Announcements.CHANNEL));
        })
        .compose(sent -> confirmed.future())
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .compose(v -> loadLockouts(current))
        .onSuccess(v -> {
          retryMs = FIRST_RETRY_MS;
          if (warned) {
            LOG.info("Near cache in use again: subscribed to {}", Announcements.CHANNEL);
            warned = false;
          }
        })
        .onFailure(err -> lost(current, err.getMessage()));
  }

  /** A subscription confirmation or a message; RESP3 pushes and RESP2 arrays alike. */
  private void heard(long current, Response message, Promise<Void> confirmed) {
    if (current != session || message == null
        || message.type() != ResponseType.PUSH && message.type() != ResponseType.MULTI || message.size() < 3) {
      return;
    }
    String kind = message.get(0).toString();
    if ("subscribe".equals(kind)) {
      lastHeard = System.currentTimeMillis();
      listening = true;
      caches.onSubscribed();
      confirmed.tryComplete();
    } else if ("message".equals(kind) && message.get(2) != null) {
      lastHeard = System.currentTimeMillis();
      Announcements.apply(message.get(2).toString(), caches);
    }
  }

  /** Lockouts announced before we subscribed: the index holds those in force (expired ones are trimmed first). */
  private Future<Void> loadLockouts(long current) {
    String index = CacheKeys.lockoutIndex();
    String now = String.valueOf(System.currentTimeMillis());
    return api.zremrangebyscore(index, "-inf", now)
        .compose(trimmed -> api.zrangebyscore(List.of(index, "(" + now, "+inf", "WITHSCORES")))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(rows -> {
          if (current == session) {
            forEachScored(rows, (member, score) -> Announcements.applyIndexed(member, score, caches));
            caches.onLockoutsLoaded();
          }
          return null;
        });
  }

  private interface ScoredMember {
    void accept(String member, long score);
  }

  /** WITHSCORES answers [member, score] pairs in RESP3 and a flat member, score, ... list in RESP2. */
  private static void forEachScored(Response rows, ScoredMember action) {
    if (rows == null) {
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      Response row = rows.get(i);
      if (row.type() == ResponseType.MULTI) {
        action.accept(row.get(0).toString(), (long) Double.parseDouble(row.get(1).toString()));
      } else if (i + 1 < rows.size()) {
        action.accept(row.toString(), (long) Double.parseDouble(rows.get(++i).toString()));
      }
    }
  }

  /** Our own heartbeat proves the subscription still hears, whatever TCP says. */
  private void heartbeat() {
    if (stopped || !listening) {
      return;
    }
    if (System.currentTimeMillis() - lastHeard > DEAF_AFTER_MS) {
      lost(session, "no announcement heard for " + DEAF_AFTER_MS + " ms");
      return;
    }
    api.publish(Announcements.CHANNEL, Announcements.ping(instanceId));
  }

  private void lost(long current, String why) {
    if (current != session || stopped) {
      return;
    }
    session++;
    listening = false;
    caches.onUnsubscribed();
    if (!warned) {
      LOG.warn("Near cache bypassed: not subscribed to {} ({}); subscribing again", Announcements.CHANNEL, why);
      warned = true;
    }
    Redis abandoned = subscriber;
    subscriber = null;
    if (abandoned != null) {
      abandoned.close();
    }
    long delay = retryMs;
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    vertx.setTimer(delay, id -> {
      if (!stopped) {
        subscribe();
      }
    });
  }
}
