package gg.phoenix.coupons;

import gg.phoenix.coupons.audit.AuditVerticle;
import gg.phoenix.coupons.console.ConsoleUserVerticle;
import gg.phoenix.coupons.http.ConsoleThrottles;
import gg.phoenix.coupons.coupon.CouponVerticle;
import gg.phoenix.coupons.coupon.KnownPublicCodes;
import gg.phoenix.coupons.coupon.OwnCodeBatches;
import gg.phoenix.coupons.db.Migrations;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.db.PoolerSettings;
import gg.phoenix.coupons.db.ReplicaLag;
import gg.phoenix.coupons.events.EventReplayVerticle;
import gg.phoenix.coupons.events.OutboxNotifyVerticle;
import gg.phoenix.coupons.events.OutboxRelayVerticle;
import gg.phoenix.coupons.metrics.HealthVerticle;
import gg.phoenix.coupons.metrics.ServiceMetrics;
import gg.phoenix.coupons.budget.TenantBudgets;
import gg.phoenix.coupons.http.HttpVerticle;
import gg.phoenix.coupons.http.auth.SeenSignatures;
import gg.phoenix.coupons.http.OpsVerticle;
import gg.phoenix.coupons.idempotency.IdempotencyVerticle;
import gg.phoenix.coupons.management.ManagementVerticle;
import gg.phoenix.coupons.redis.near.LocalCaches;
import gg.phoenix.coupons.stats.CampaignCounters;
import gg.phoenix.coupons.stats.StatsFlushVerticle;
import gg.phoenix.coupons.redis.near.NearCacheVerticle;
import gg.phoenix.coupons.secrets.KeysetSource;
import gg.phoenix.coupons.secrets.SecretBox;
import gg.phoenix.coupons.secrets.StoredSecrets;
import gg.phoenix.coupons.management.TenantVerticle;
import gg.phoenix.coupons.webhook.WebhookSenderVerticle;
import gg.phoenix.coupons.webhook.WebhookVerticle;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.config.ConfigLoader;
import gg.phoenix.coupons.config.DeployConfig;
import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration (conf/config.json, then environment variables, then the deployment's own
 * config) and reads it once into settings records, loads the secrets keyset, migrates the schema, checks that the
 * keyset opens the stored secrets, then deploys the verticles that serve, each made with its settings: the ones
 * that own data first, HTTP last.
 */
public class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  /** Deployment ids in start-up order; stopping walks them backwards, so HTTP goes first. */
  private final List<String> deployed = new ArrayList<>();
  private EmbeddedBackends embedded;
  private ReplicaLag replicaLag = ReplicaLag.none();

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>localConsumer(Addresses.SHUTDOWN, msg -> stopInOrder()
        .onComplete(done -> msg.reply(done.succeeded() ? "stopped" : done.cause().getMessage())));
    // DeployConfig first: a bad value there (a short ADMIN_TOKEN under PROFILE=prod) must stop us before anything starts.
    return ConfigLoader.load(vertx, config()).compose(loaded -> {
      DeployConfig deploy = DeployConfig.from(loaded);
      return EmbeddedBackends.startIfNeeded(vertx, loaded, deploy).compose(started -> {
        embedded = started.backends();
        return serve(ServiceConfig.from(started.config()), deploy);
      });
    }).onFailure(err -> {
      LOG.error("Start-up failed: {}", err.getMessage());
      stop();
    });
  }

  /** Opens the keyset, migrates, checks the stored secrets open, then deploys the verticles with their settings. */
  private Future<?> serve(ServiceConfig read, DeployConfig deploy) {
    // The verticles get these settings from here, and the keyset opened, as a SecretBox: never its text.
    ServiceConfig config = read.withoutKeyset();
    // One per process, shared by the verticles that read or change what it holds.
    LocalCaches near = new LocalCaches(config.caches().enabled() ? config.caches().nearSeconds() * 1000 : 0);
    ServiceConfig.Coupons coupons = config.coupons();
    OwnCodeBatches ownCodes = new OwnCodeBatches(coupons.redeemBatchesInFlight(), coupons.redeemBatchSize());
    KnownPublicCodes publicCodes = new KnownPublicCodes();
    CampaignCounters counters = new CampaignCounters();
    SeenSignatures seenSignatures = new SeenSignatures(config.auth().hmacMaxSkewSeconds());
    TenantBudgets budgets = new TenantBudgets(config.edge().tenantRateLimit(), config.edge().tenantRateBurst());
    ConsoleThrottles consoleThrottles = ConsoleThrottles.from(config.console());
    ServiceMetrics.bind();
    ReplicaLag replicaLag = ReplicaLag.watching(vertx, config);
    this.replicaLag = replicaLag;
    return vertx.executeBlocking(() -> KeysetSource.load(read.secrets(), deploy)).compose(secrets -> Migrations.run(vertx, config, secrets)
        .compose(applied -> {
          LOG.info("Schema {} ready ({} migrations applied)", config.postgres().schema(), applied);
          return checkKeys(config, secrets);
        })
        .compose(v -> deploy(() -> new TenantVerticle(config, secrets), 1))
        .compose(id -> deploy(() -> new NearCacheVerticle(config, near), 1))
        .compose(id -> deploy(() -> new StatsFlushVerticle(config, counters), 1))
        .compose(id -> deploy(() -> new CouponVerticle(config, near, ownCodes, publicCodes, counters, replicaLag), coupons.instances()))
        .compose(id -> deploy(() -> new AuditVerticle(config), 1))
        .compose(id -> deploy(() -> new ConsoleUserVerticle(config), 1))
        .compose(id -> deploy(() -> new ManagementVerticle(config, near, secrets, replicaLag), 1))
        .compose(id -> deploy(() -> new IdempotencyVerticle(config), 1))
        .compose(id -> deploy(() -> new WebhookVerticle(config, secrets), 1))
        .compose(id -> deploy(() -> new EventReplayVerticle(config), 1))
        .compose(id -> deploy(() -> new OutboxNotifyVerticle(config), 1))
        .compose(id -> deploy(() -> new OutboxRelayVerticle(config), config.events().relayInstances()))
        .compose(id -> deploy(() -> new WebhookSenderVerticle(config, secrets), config.events().webhookSenders()))
        .compose(id -> deploy(() -> new HealthVerticle(config), 1))
        .compose(id -> deploy(() -> new OpsVerticle(config, deploy), 1))
        .compose(id -> deploy(() -> new HttpVerticle(config, deploy, budgets, seenSignatures, consoleThrottles), config.http().instances()))
        .onSuccess(id -> LOG.info("Coupon service listening on port {}", config.http().port()))
        .compose(id -> deploy.demo() ? DemoData.ensure(vertx, config, secrets) : Future.succeededFuture()));
  }

  /** Runs after the children are undeployed, so the pools are closed before embedded servers stop. */
  @Override
  public Future<?> stop() {
    EmbeddedBackends backends = embedded;
    return replicaLag.stop().transform(v -> backends == null || !backends.running() ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          backends.close();
          return null;
        }));
  }

  /**
   * Each instance is made by the supplier from the settings read here once (and the process-wide objects it shares);
   * 0 instances deploys nothing: relays and senders may be switched off in a process, e.g. to run them elsewhere.
   */
  private Future<String> deploy(Supplier<VerticleBase> verticle, int instances) {
    return instances == 0 ? Future.succeededFuture("")
        : vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances)).onSuccess(deployed::add);
  }

  /** HTTP first (it drains in-flight requests within SHUTDOWN_GRACE_SECONDS), then the verticles owning pools. */
  private Future<Void> stopInOrder() {
    List<String> ids = new ArrayList<>(deployed);
    Collections.reverse(ids);
    deployed.clear();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain.onSuccess(v -> LOG.info("HTTP server closed, then pools closed"));
  }

  /**
   * Refuses to serve behind a pooler whose connections do not see the service's schema, or with a keyset that lacks
   * a key the stored secrets were sealed with (read from their prefixes, nothing is opened), and says how many still
   * wait for re-encryption under the primary key.
   */
  private Future<Void> checkKeys(ServiceConfig config, SecretBox secrets) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(PgPools.connectOptions(config)).using(vertx).build();
    return PoolerSettings.check(pool, config.postgres()).compose(v -> StoredSecrets.requireReadable(pool, secrets)).<Void>map(census -> {
      long older = census.stream().mapToLong(c -> c.underOlderKeys(secrets)).sum();
      long total = census.stream().mapToLong(StoredSecrets.Census::total).sum();
      if (older > 0) {
        LOG.info("Stored secrets: {} of {} sealed under older keys of the keyset; java -jar coupon-service.jar "
            + "--reencrypt-secrets moves them to the primary key {}", older, total, SecretBox.keyLabel(secrets.primaryKeyId()));
      }
      return null;
    }).eventually(pool::close);
  }
}
