package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.ServiceConfig;
import gg.phoenix.coupons.common.RequestSigning;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries: POSTs the event JSON signed as the guide signs requests
 * ({@code X-Timestamp}, {@code X-Signature: hmac-sha256=<hex>} over {@code POST\nPATH\nTIMESTAMP\nBODY} with the
 * tenant's current secret), with a timeout. A 2xx answer delivers; anything else is retried on the
 * {@link RetrySchedule}. It runs on its own event loop and holds no database connection while waiting for an
 * endpoint, so a slow or dead endpoint delays only its own deliveries, never a redemption.
 */
public class WebhookSenderVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSenderVerticle.class);
  private static final int MAX_ERROR_LENGTH = 300;

  private final SecretBox secrets;
  private ServiceConfig.Events settings;
  private RetrySchedule schedule;
  private Pool pool;
  private HttpClientAgent client;
  private int inFlight;
  private boolean claiming;
  private boolean again;
  private boolean stopped;
  private long timer;

  /** @param secrets opens the tenant secret that signs each delivery */
  public WebhookSenderVerticle(SecretBox secrets) {
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.from(config());
    settings = config.events();
    schedule = new RetrySchedule(settings.webhookRetryBaseMs(), settings.webhookRetryMaxMs(), settings.webhookRetryWindowSeconds());
    pool = PgPools.shared(vertx, config);
    int timeout = (int) settings.webhookTimeoutMs();
    client = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout(timeout).setIdleTimeout(timeout).setIdleTimeoutUnit(TimeUnit.MILLISECONDS),
        new PoolOptions().setHttp1MaxSize(Math.min(settings.webhookConcurrency(), 64)));
    timer = vertx.setPeriodic(settings.webhookPollMs(), id -> pump());
    return vertx.eventBus().consumer(Addresses.WEBHOOKS_WAKE, msg -> pump()).completion();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    // Deliveries in flight are cut, not awaited (a close would wait 30 s for a hanging endpoint); their
    // claims lapse and another sender retries them.
    return Future.join(client.shutdown(0, TimeUnit.SECONDS), pool.close());
  }

  /** Claims as many due deliveries as there are free sending slots, and sends them. */
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
    double leaseSeconds = (2 * settings.webhookTimeoutMs() + 5_000) / 1000.0;
    pool.preparedQuery(WebhookSql.CLAIM_DUE).execute(Tuple.of(free, leaseSeconds)).onComplete(done -> {
      claiming = false;
      if (done.failed()) {
        LOG.warn("Claiming webhook deliveries failed, retrying on the next poll: {}", done.cause().toString());
        return;
      }
      List<Row> rows = new ArrayList<>();
      done.result().forEach(rows::add);
      rows.forEach(this::send);
      if (again || rows.size() == free) {
        pump();
      }
    });
  }

  private void send(Row row) {
    inFlight++;
    byte[] body = ((JsonObject) row.getJson("payload")).encode().getBytes(StandardCharsets.UTF_8);
    String url = row.getString("url");
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    Instant started = Instant.now();
    long startedNanos = System.nanoTime();
    Future<Integer> answer;
    try {
      String secret = secrets.open(row.getBuffer("secret_enc").getBytes(), SealedColumn.TENANT_SECRET, row.getString("tenant_id"));
      String signature = RequestSigning.sign(secret, "POST", signedPath(url), timestamp, body);
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.POST)
          .setAbsoluteURI(url)
          .setFollowRedirects(false)
          .setConnectTimeout(settings.webhookTimeoutMs())
          .setIdleTimeout(settings.webhookTimeoutMs())
          .putHeader("Content-Type", "application/json")
          .putHeader("User-Agent", "phoenix-coupons-webhooks")
          .putHeader("X-Tenant-Id", row.getString("tenant_id"))
          .putHeader("X-Timestamp", timestamp)
          .putHeader("X-Signature", signature)
          .putHeader("X-Event-Id", row.getUUID("event_id").toString())
          .putHeader("X-Event-Type", row.getString("event_type"))
          .putHeader("X-Delivery-Id", row.getUUID("id").toString())
          .putHeader("X-Delivery-Attempt", String.valueOf(row.getInteger("attempts")));
      answer = client.request(options)
          .compose(request -> request.send(Buffer.buffer(body)))
          .compose(response -> response.end().map(v -> response.statusCode()))
          .timeout(settings.webhookTimeoutMs(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException unsendable) { // a malformed URL, or a tenant secret that does not open
      answer = Future.failedFuture(unsendable);
    }
    answer.onComplete(done -> {
      int durationMs = (int) ((System.nanoTime() - startedNanos) / 1_000_000);
      record(row, started, durationMs, done.succeeded() ? done.result() : null,
          done.succeeded() ? null : describe(done.cause()))
          .onComplete(recorded -> {
            inFlight--;
            if (recorded.failed()) {
              LOG.warn("Recording webhook delivery {} failed: {}", row.getUUID("id"), recorded.cause().toString());
            }
            pump();
          });
    });
  }

  private Future<Void> record(Row row, Instant started, int durationMs, Integer statusCode, String error) {
    int attempt = row.getInteger("attempts");
    boolean delivered = statusCode != null && statusCode >= 200 && statusCode < 300;
    String status;
    Instant next = null;
    if (delivered) {
      status = "delivered";
    } else {
      next = schedule.nextAttempt(row.getOffsetDateTime("created_at").toInstant(), attempt, Instant.now());
      status = next == null ? "failed" : "pending";
      if (next == null) {
        LOG.info("Giving up webhook delivery {} after {} attempts", row.getUUID("id"), attempt);
      }
    }
    Tuple args = Tuple.of(row.getUUID("id"), attempt, utc(started), durationMs, statusCode,
        error == null && !delivered ? "HTTP " + statusCode : error, status, utc(next));
    return pool.preparedQuery(WebhookSql.RECORD_ATTEMPT).execute(args).mapEmpty();
  }

  /** PATH of the canonical string: the request target as sent, with its query when there is one. */
  static String signedPath(String url) {
    URI uri = URI.create(url);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static String describe(Throwable err) {
    String text = err.getClass().getSimpleName() + (err.getMessage() == null ? "" : ": " + err.getMessage());
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
