package gg.phoenix.coupons;

import gg.phoenix.coupons.coupon.CouponVerticle;
import gg.phoenix.coupons.coupon.KnownPublicCodes;
import gg.phoenix.coupons.coupon.OwnCodeBatches;
import gg.phoenix.coupons.db.Migrations;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.events.EventReplayVerticle;
import gg.phoenix.coupons.events.OutboxRelayVerticle;
import gg.phoenix.coupons.metrics.HealthVerticle;
import gg.phoenix.coupons.budget.TenantBudgets;
import gg.phoenix.coupons.http.HttpVerticle;
import gg.phoenix.coupons.http.auth.SeenSignatures;
import gg.phoenix.coupons.http.OpsVerticle;
import gg.phoenix.coupons.idempotency.IdempotencyVerticle;
import gg.phoenix.coupons.management.ManagementVerticle;
import gg.phoenix.coupons.redis.near.LocalCaches;
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
 * config), loads the secrets keyset, migrates the schema, checks that the keyset opens the stored secrets, then
 * deploys the verticles that serve: the ones that own data first, HTTP last.
 */
public class MainVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  /** Deployment ids in start-up order; stopping walks them backwards, so HTTP goes first. */
  private final List<String> deployed = new ArrayList<>();
  private EmbeddedBackends embedded;

  @Override
  public Future<?> start() {
    vertx.eventBus().<JsonObject>localConsumer(Addresses.SHUTDOWN, msg -> stopInOrder()
        .onComplete(done -> msg.reply(done.succeeded() ? "stopped" : done.cause().getMessage())));
    // DeployConfig first: a bad value there (a short ADMIN_TOKEN under PROFILE=prod) must stop us before anything starts.
    return ConfigLoader.load(vertx, config()).compose(loaded -> {
      DeployConfig.from(loaded);
      return EmbeddedBackends.startIfNeeded(vertx, loaded);
    }).compose(started -> {
      embedded = started.backends();
      JsonObject json = started.config();
      ServiceConfig config = ServiceConfig.from(json);
      DeployConfig deploy = DeployConfig.from(json);
      // The verticles get the keyset as a SecretBox; the configuration they read no longer carries it.
      json.remove("SECRETS_KEYSET");
      // One per process, shared by the verticles that read or change what it holds.
      LocalCaches near = new LocalCaches(config.cacheEnabled() ? config.nearCacheSeconds() * 1000 : 0);
      OwnCodeBatches ownCodes = new OwnCodeBatches(config.redeemBatchesInFlight(), config.redeemBatchSize());
      KnownPublicCodes publicCodes = new KnownPublicCodes();
      SeenSignatures seenSignatures = new SeenSignatures(config.hmacMaxSkewSeconds());
      TenantBudgets budgets = new TenantBudgets(config.edge().tenantRateLimit(), config.edge().tenantRateBurst());
      return vertx.executeBlocking(() -> KeysetSource.load(config.secrets(), deploy)).compose(secrets -> Migrations.run(vertx, config, secrets)
          .compose(applied -> {
            LOG.info("Schema {} ready ({} migrations applied)", config.pgSchema(), applied);
            return checkKeys(config, secrets);
          })
          .compose(v -> deploy(() -> new TenantVerticle(secrets), json, 1))
          .compose(id -> deploy(() -> new NearCacheVerticle(near), json, 1))
          .compose(id -> deploy(() -> new CouponVerticle(near, ownCodes, publicCodes), json, config.couponInstances()))
          .compose(id -> deploy(() -> new ManagementVerticle(near, secrets), json, 1))
          .compose(id -> deploy(IdempotencyVerticle.class, json, 1))
          .compose(id -> deploy(() -> new WebhookVerticle(secrets), json, 1))
          .compose(id -> deploy(EventReplayVerticle.class, json, 1))
          .compose(id -> deployUnlessZero(OutboxRelayVerticle.class, json, config.events().relayInstances()))
          .compose(id -> deployUnlessZero(() -> new WebhookSenderVerticle(secrets), json, config.events().webhookSenders()))
          .compose(id -> deploy(HealthVerticle.class, json, 1))
          .compose(id -> deploy(OpsVerticle.class, json, 1))
          .compose(id -> deploy(() -> new HttpVerticle(budgets, seenSignatures), json, config.httpInstances()))
          .onSuccess(id -> LOG.info("Coupon service listening on port {}", config.httpPort()))
          .compose(id -> deploy.demo() ? DemoData.ensure(vertx, config, secrets) : Future.succeededFuture()));
    }).onFailure(err -> {
      LOG.error("Start-up failed: {}", err.getMessage());
      stop();
    });
  }

  /** Runs after the children are undeployed, so the pools are closed before embedded servers stop. */
  @Override
  public Future<?> stop() {
    EmbeddedBackends backends = embedded;
    return backends == null || !backends.running() ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      backends.close();
      return null;
    });
  }

  private Future<String> deploy(Class<? extends VerticleBase> verticle, JsonObject config, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config).setInstances(instances))
        .onSuccess(deployed::add);
  }

  /** For verticles that share a process-wide object: the supplier makes each instance. */
  private Future<String> deploy(Supplier<VerticleBase> verticle, JsonObject config, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config).setInstances(instances))
        .onSuccess(deployed::add);
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

  /** Relays and senders may be switched off in a process (0 instances), e.g. to run them elsewhere. */
  private Future<String> deployUnlessZero(Class<? extends VerticleBase> verticle, JsonObject config, int instances) {
    return instances == 0 ? Future.succeededFuture("") : deploy(verticle, config, instances);
  }

  private Future<String> deployUnlessZero(Supplier<VerticleBase> verticle, JsonObject config, int instances) {
    return instances == 0 ? Future.succeededFuture("") : deploy(verticle, config, instances);
  }

  /**
   * Refuses to serve with a keyset that lacks a key the stored secrets were sealed with (read from their prefixes,
   * nothing is opened), and says how many still wait for re-encryption under the primary key.
   */
  private Future<Void> checkKeys(ServiceConfig config, SecretBox secrets) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(PgPools.connectOptions(config)).using(vertx).build();
    return StoredSecrets.requireReadable(pool, secrets).<Void>map(census -> {
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
