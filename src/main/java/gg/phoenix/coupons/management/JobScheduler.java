package gg.phoenix.coupons.management;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the generation jobs this instance may run (docs/jobs.md): every JOB_POLL_MS, and at once when a job is
 * queued or ends here, it claims queued jobs of tenants under JOBS_PER_TENANT and running jobs whose runner stopped
 * renewing its claim (a dead instance); it renews the claims of the jobs it runs every JOB_HEARTBEAT_MS. It runs at
 * most BULK_POOL_SIZE jobs at once, so that every job's next chunk (and the heartbeat) gets a connection of the bulk
 * pool within a chunk's time or two; more jobs wait queued for this or another instance. Each
 * claim has its own token (this process's name and a random part), so a job this instance took over from itself
 * never has two writers that look the same to PostgreSQL.
 */
final class JobScheduler {

  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  private final Vertx vertx;
  private final Pool pool;
  private final ServiceConfig.Jobs config;
  private final JobPacing pacing;
  private final String instance = ManagementFactory.getRuntimeMXBean().getName();
  /** The jobs running here, by id, with their claim tokens; only touched on this verticle's event loop. */
  private final Map<UUID, String> claims = new HashMap<>();
  private final Map<UUID, JobRun> runs = new HashMap<>();
  /** Jobs claimed by a claim that committed as this instance stopped: released with its jobs, never run. */
  private final List<String> claimedWhileStopping = new ArrayList<>();
  /** The look for work under way, claims included, which a stop waits for. */
  private Future<?> polled = Future.succeededFuture();
  private long pollTimer;
  private long heartbeatTimer;
  private boolean polling;
  private boolean pollAgain;
  private boolean stopping;
  /**
   * A heartbeat is under way. The next waits for it: one that waits for a job's row held by another transaction
   * would otherwise be joined by one more every JOB_HEARTBEAT_MS, each holding a connection of the bulk lane.
   */
  private boolean renewing;

  JobScheduler(Vertx vertx, Pool pool, ServiceConfig.Jobs config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.pacing = JobPacing.of(config);
  }

  void start() {
    pollTimer = vertx.setPeriodic(config.pollMs(), t -> poll());
    heartbeatTimer = vertx.setPeriodic(config.heartbeatMs(), t -> heartbeat());
    poll();
  }

  /** Looks for work now (a job was queued, or one ended and its tenant's next may start). */
  void poll() {
    if (stopping) {
      return;
    }
    if (polling) {
      pollAgain = true;
      return;
    }
    int free = config.bulkPoolSize() - runs.size();
    if (free <= 0) {
      return;
    }
    polling = true;
    polled = pool.preparedQuery(JobSql.CLAIMABLE).execute(Tuple.of(config.takeoverMs(), config.jobsPerTenant(), free))
        .compose(rows -> {
          Future<Integer> claimed = Future.succeededFuture(0);
          for (Row row : rows) {
            UUID id = row.getUUID("id");
            String tenantId = row.getString("tenant_id");
            claimed = claimed.compose(n -> claims.containsKey(id) || runs.size() >= config.bulkPoolSize()
                ? Future.succeededFuture(n)
                : claim(id, tenantId).map(ok -> ok ? n + 1 : n));
          }
          return claimed;
        })
        .onFailure(err -> LOG.warn("Could not look for generation jobs to run ({})", JobErrors.of(err), err))
        .onComplete(result -> {
          polling = false;
          // A claimed job may leave its tenant with another free slot, or the next tenant's job behind it.
          if (pollAgain || result.succeeded() && result.result() > 0) {
            pollAgain = false;
            poll();
          }
        });
  }

  private Future<Boolean> claim(UUID id, String tenantId) {
    if (stopping) {
      return Future.succeededFuture(false);
    }
    String claim = instance + "/" + UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery(JobSql.LOCK_TENANT_JOBS).execute(Tuple.of(tenantId))
            .compose(v -> conn.preparedQuery(JobSql.CLAIM).execute(Tuple.of(id, claim, config.takeoverMs(), config.jobsPerTenant()))))
        .map(rows -> {
          if (rows.size() == 0) {
            return false;
          }
          if (stopping) {
            claimedWhileStopping.add(claim);
            return false;
          }
          ClaimedJob job = ClaimedJob.from(rows.iterator().next(), claim);
          LOG.info("Generation job {} runs here ({} of {} codes written before)", id, job.done(), job.total());
          claims.put(id, claim);
          JobRun run = new JobRun(vertx, pool, job, pacing, () -> stopping);
          runs.put(id, run);
          run.run().onComplete(ended -> {
            claims.remove(id);
            runs.remove(id);
            poll();
          });
          return true;
        });
  }

  private void heartbeat() {
    if (claims.isEmpty() || stopping || renewing) {
      return;
    }
    renewing = true;
    Set<String> sent = Set.copyOf(claims.values());
    pool.preparedQuery(JobSql.HEARTBEAT).execute(Tuple.of(sent.toArray(String[]::new)))
        .onSuccess(rows -> {
          Set<String> renewed = new HashSet<>();
          rows.forEach(row -> renewed.add(row.getString("owner")));
          // A paused run would otherwise keep its place here until its pause ends, for a job it no longer holds.
          claims.forEach((id, claim) -> {
            if (sent.contains(claim) && !renewed.contains(claim)) {
              runs.get(id).lost();
            }
          });
        })
        .onFailure(err -> LOG.warn("Could not renew the claims of this instance's generation jobs ({})", JobErrors.of(err), err))
        .onComplete(done -> renewing = false);
  }

  /**
   * How long a stop waits for a claim or a chunk under way, then for the release (one waiting on a lock could wait
   * for ever). Released past it all the same: a chunk commits only under its claim, so one that ends later rolls
   * back; a release that does not answer leaves the jobs to the takeover.
   */
  static final long STOP_WAIT_MS = 10_000;

  /**
   * Ends the pauses of its jobs, lets their chunks in flight commit, then releases them so that another instance
   * takes them over at once; and so a job whose claim was under way. A process that dies without this leaves them to
   * be taken over after JOB_TAKEOVER_MS.
   */
  Future<Void> stop() {
    stopping = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(heartbeatTimer);
    List<String> held = new ArrayList<>(claims.values());
    // A run that ends as it stops leaves runs at once: stop a copy.
    return Future.join(polled, Future.join(List.copyOf(runs.values()).stream().map(JobRun::stop).toList()))
        .timeout(STOP_WAIT_MS, TimeUnit.MILLISECONDS)
        .transform(v -> {
          held.addAll(claimedWhileStopping);
          return held.isEmpty() ? Future.succeededFuture()
              : pool.preparedQuery(JobSql.RELEASE).execute(Tuple.of((Object) held.toArray(String[]::new)))
                  .timeout(STOP_WAIT_MS, TimeUnit.MILLISECONDS).<Void>mapEmpty();
        })
        .recover(err -> {
          LOG.warn("Could not release this instance's generation jobs; they are taken over after JOB_TAKEOVER_MS", err);
          return Future.succeededFuture();
        });
  }
}
