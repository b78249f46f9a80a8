package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.egress.TargetResolver;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries through {@link EndpointClient}, each signed with its endpoint's own secret
 * ({@link DeliverySignature}). A 2xx answer delivers; anything else is retried on the {@link RetrySchedule} and
 * recorded with a category from {@link AttemptErrors}. Free slots are shared between tenants by
 * {@link FairShare}. It runs on its own event loop and holds no database connection while waiting for an
 * endpoint, so a slow or dead endpoint delays only its own tenant's deliveries, never a redemption.
 */
public class WebhookSenderVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSenderVerticle.class);

  private final ServiceConfig config;
  private final SecretBox secrets;
  private ServiceConfig.Events settings;
  private RetrySchedule schedule;
  private Pool pool;
  private EndpointClient endpoints;
  private FairShare share;
  private int inFlight;
  private boolean claiming;
  private boolean again;
  private boolean stopped;
  private long timer;

  /**
   * @param config the service's settings, read once by MainVerticle
   * @param secrets opens the endpoints' sealed signing secrets
   */
  public WebhookSenderVerticle(ServiceConfig config, SecretBox secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    settings = config.events();
    schedule = new RetrySchedule(settings.webhookRetryBaseMs(), settings.webhookRetryMaxMs(), settings.webhookRetryWindowSeconds());
    pool = PgPools.shared(vertx, config);
    endpoints = new EndpointClient(vertx, new TargetResolver(vertx, settings.webhookAllowPrivateTargets()),
        settings.webhookTimeoutMs(), Math.min(settings.webhookConcurrency(), 64));
    share = new FairShare(settings.webhookTenantConcurrency());
    timer = vertx.setPeriodic(settings.webhookPollMs(), id -> pump());
    return vertx.eventBus().consumer(Addresses.WEBHOOKS_WAKE, msg -> pump()).completion();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    // Deliveries in flight are cut; their claims lapse and another sender retries them.
    return Future.join(endpoints.close(), pool.close());
  }

  /** Claims due deliveries for the free sending slots, shared between tenants, and sends them. */
  private void pump() {
    int free = settings.webhookConcurrency() - inFlight;
    if (stopped || free <= 0) {
      return;
    }
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    again = false;
    claim(free).onComplete(done -> {
      claiming = false;
      if (done.failed()) {
        LOG.warn("Claiming webhook deliveries failed, retrying on the next poll: {}", done.cause().toString());
        return;
      }
      done.result().forEach(this::send);
      if (again) {
        pump();
      }
    });
  }

  private Future<List<Delivery>> claim(int free) {
    return pool.preparedQuery(WebhookSql.DUE_TENANTS).execute(Tuple.of(settings.webhookTenantConcurrency()))
        .compose(rows -> {
          Map<String, Integer> due = new LinkedHashMap<>();
          rows.forEach(row -> due.put(row.getString("tenant_id"), row.getLong("n").intValue()));
          Map<String, Integer> allotted = share.allot(due, free);
          if (allotted.isEmpty()) {
            return Future.succeededFuture(List.of());
          }
          double leaseSeconds = (2 * settings.webhookTimeoutMs() + 5_000) / 1000.0;
          Tuple args = Tuple.of(allotted.keySet().toArray(String[]::new), allotted.values().toArray(Integer[]::new), leaseSeconds);
          return pool.preparedQuery(WebhookSql.CLAIM).execute(args).map(claimed -> {
            List<Delivery> deliveries = new ArrayList<>();
            for (Row row : claimed) {
              if (row.getBoolean("sendable")) {
                deliveries.add(Delivery.from(row, secrets));
              }
            }
            return deliveries;
          });
        });
  }

  private void send(Delivery delivery) {
    inFlight++;
    share.started(delivery.tenantId());
    Instant started = Instant.now();
    long startedNanos = System.nanoTime();
    Future<Integer> answer = delivery.secrets().isEmpty()
        ? Future.failedFuture(new IllegalStateException("the endpoint's signing secret does not open"))
        : endpoints.post(delivery);
    answer.onComplete(done -> {
      int durationMs = (int) ((System.nanoTime() - startedNanos) / 1_000_000);
      Integer status = done.succeeded() ? done.result() : null;
      String error = done.succeeded() ? AttemptErrors.ofStatus(status) : AttemptErrors.of(done.cause());
      if (done.failed()) {
        logFailure(delivery, error, done.cause());
      }
      record(delivery, started, durationMs, status, error).onComplete(recorded -> {
        inFlight--;
        share.finished(delivery.tenantId());
        if (recorded.failed()) {
          LOG.warn("Recording webhook delivery {} failed: {}", delivery.id(), recorded.cause().toString());
        }
        pump();
      });
    });
  }

  /** The detail a tenant does not see (it may name internal hosts and ports); the URL itself may carry a token. */
  private static void logFailure(Delivery delivery, String category, Throwable cause) {
    if (AttemptErrors.REFUSED_TARGET.equals(category)) {
      LOG.warn("Webhook {} of tenant {}: delivery {} attempt {} refused before sending: {}", delivery.webhookId(),
          delivery.tenantId(), delivery.id(), delivery.attempt(), cause.getMessage());
    } else {
      LOG.info("Webhook {} of tenant {}: delivery {} attempt {} failed ({}): {}", delivery.webhookId(),
          delivery.tenantId(), delivery.id(), delivery.attempt(), category, cause.toString());
    }
  }

  private Future<Void> record(Delivery delivery, Instant started, int durationMs, Integer statusCode, String error) {
    String status;
    Instant next = null;
    if (error == null) {
      status = "delivered";
    } else {
      next = schedule.nextAttempt(delivery.createdAt(), delivery.attempt(), Instant.now());
      status = next == null ? "failed" : "pending";
      if (next == null) {
        LOG.info("Giving up webhook delivery {} after {} attempts", delivery.id(), delivery.attempt());
      }
    }
    Tuple args = Tuple.of(delivery.id(), delivery.attempt(), Timestamps.utc(started), durationMs, statusCode, error, status, Timestamps.utc(next));
    return pool.preparedQuery(WebhookSql.RECORD_ATTEMPT).execute(args).mapEmpty();
  }
}
