package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.Migrations;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two instances claiming the same work at the same moment, played with two connections that interleave. */
@ExtendWith(VertxExtension.class)
class JobClaimTest {

  private static final int TAKEOVER_MS = 1000;
  private static Pool pool;
  private final java.util.List<UUID> made = new java.util.ArrayList<>();

  @BeforeAll
  static void connect(Vertx vertx) throws Exception {
    // The schema only: a running service would claim the jobs these tests play with.
    ServiceConfig config = ServiceConfig.from(TestApp.config(new JsonObject()));
    Migrations.run(vertx, config, TestBackends.get().secrets()).await(60, TimeUnit.SECONDS);
    pool = TestApp.pool(vertx, 4);
  }

  /** The jobs made here are not a service's to run: a later test class's service would otherwise take them over. */
  @AfterEach
  void removeJobs() {
    for (UUID job : made) {
      Seed.update("DELETE FROM generation_jobs WHERE id = ?", job);
    }
    made.clear();
  }

  @AfterAll
  static void close() throws Exception {
    pool.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("of two instances taking over the same stale job at once, one gets it; the other, once the first commits, gets nothing")
  void takeoverRace() throws Exception {
    String tenant = Seed.tenant().id();
    UUID job = job(tenant, "running", "dead-instance/1", "now() - interval '1 hour'");
    SqlConnection first = pool.getConnection().await(10, TimeUnit.SECONDS);
    SqlConnection second = pool.getConnection().await(10, TimeUnit.SECONDS);
    try {
      Transaction tx = first.begin().await(10, TimeUnit.SECONDS);
      assertThat(claim(first, job, "a/1", 1).await(10, TimeUnit.SECONDS).size()).isEqualTo(1);
      Future<RowSet<Row>> racing = claim(second, job, "b/1", 1);
      Thread.sleep(300);
      assertThat(racing.isComplete()).as("the second claim waits for the first's row lock").isFalse();
      tx.commit().await(10, TimeUnit.SECONDS);

      assertThat(racing.await(10, TimeUnit.SECONDS).size()).isZero();
      assertThat(Seed.scalar("SELECT owner FROM generation_jobs WHERE id = ?", job)).isEqualTo("a/1");
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  @DisplayName("a writer whose job was taken over records no chunk (its transaction rolls back), and no chunk goes past the job's total")
  void fencedWriter() throws Exception {
    String tenant = Seed.tenant().id();
    UUID job = job(tenant, "running", "dead-instance/2", "now() - interval '1 hour'");
    assertThat(claim(pool, job, "c/1", 1).await(10, TimeUnit.SECONDS).size()).isEqualTo(1);

    assertThat(record(job, "dead-instance/2", 5, null)).isZero();
    assertThat(record(job, "c/1", 5, 0)).isEqualTo(1);
    assertThat(record(job, "c/1", 5, 0)).as("a chunk of players must start where the last one ended").isZero();
    assertThat(record(job, "c/1", 6, null)).as("past the total").isZero();
    assertThat(record(job, "c/1", 5, null)).isEqualTo(1);
    assertThat(Seed.scalar("SELECT done FROM generation_jobs WHERE id = ?", job)).isEqualTo(10);
  }

  @Test
  @DisplayName("two instances starting a tenant's two queued jobs at once start one: JOBS_PER_TENANT holds across instances")
  void queuedRace() throws Exception {
    String tenant = Seed.tenant().id();
    UUID older = job(tenant, "queued", null, "null");
    UUID newer = job(tenant, "queued", null, "null");
    SqlConnection first = pool.getConnection().await(10, TimeUnit.SECONDS);
    SqlConnection second = pool.getConnection().await(10, TimeUnit.SECONDS);
    try {
      Transaction tx = first.begin().await(10, TimeUnit.SECONDS);
      first.preparedQuery(JobSql.LOCK_TENANT_JOBS).execute(Tuple.of(tenant)).await(10, TimeUnit.SECONDS);
      assertThat(claim(first, older, "a/2", 1).await(10, TimeUnit.SECONDS).size()).isEqualTo(1);
      Future<RowSet<Row>> racing = second.begin().compose(tx2 -> second.preparedQuery(JobSql.LOCK_TENANT_JOBS).execute(Tuple.of(tenant))
          .compose(v -> claim(second, newer, "b/2", 1))
          .compose(rows -> tx2.commit().map(rows)));
      Thread.sleep(300);
      assertThat(racing.isComplete()).as("the second instance waits for the tenant's lock").isFalse();
      tx.commit().await(10, TimeUnit.SECONDS);

      assertThat(racing.await(10, TimeUnit.SECONDS).size()).isZero();
      assertThat(Seed.scalar("SELECT status FROM generation_jobs WHERE id = ?", newer)).isEqualTo("queued");
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  @DisplayName("a tenant with a backlog of older queued jobs does not keep a slot from a tenant that has not run one yet")
  void fairAcrossTenants() throws Exception {
    String busy = Seed.tenant().id();
    String waiting = Seed.tenant().id();
    UUID justEnded = job(busy, "done", "a/3", "now()");
    Seed.update("UPDATE generation_jobs SET started_at = now() - interval '1 second', created_at = now() - interval '2 hours'"
        + " WHERE id = ?", justEnded);
    UUID backlog = job(busy, "queued", null, "null");
    Seed.update("UPDATE generation_jobs SET created_at = now() - interval '2 hours' WHERE id = ?", backlog);
    UUID newcomer = job(waiting, "queued", null, "null");

    java.util.List<UUID> order = new java.util.ArrayList<>();
    for (Row row : pool.preparedQuery(JobSql.CLAIMABLE).execute(Tuple.of(TAKEOVER_MS, 1, 10_000)).await(10, TimeUnit.SECONDS)) {
      order.add(row.getUUID("id"));
    }
    assertThat(order).contains(backlog, newcomer);
    assertThat(order.indexOf(newcomer)).as("the tenant served least recently comes first").isLessThan(order.indexOf(backlog));
  }

  @Test
  @DisplayName("a chunk that took long to write renews the claim as of its end, not of its start: its writer is alive")
  void slowChunkRenewsItsClaim() throws Exception {
    String tenant = Seed.tenant().id();
    UUID job = job(tenant, "running", "dead-instance/4", "now() - interval '1 hour'");
    assertThat(claim(pool, job, "d/1", 1).await(10, TimeUnit.SECONDS).size()).isEqualTo(1);

    pool.withTransaction(conn -> conn.query("SELECT pg_sleep(" + TAKEOVER_MS / 1000.0 * 1.5 + ")").execute()
        .compose(v -> conn.preparedQuery(JobSql.RECORD_CHUNK).execute(Tuple.of(job, "d/1", 5, null, tenant)))).await(10, TimeUnit.SECONDS);

    assertThat(claim(pool, job, "e/1", 1).await(10, TimeUnit.SECONDS).size())
        .as("the chunk just committed; its writer is not stale").isZero();
    assertThat(Seed.scalar("SELECT owner FROM generation_jobs WHERE id = ?", job)).isEqualTo("d/1");
  }

  @Test
  @DisplayName("a writer that finds its chunk already counted (a commit whose answer was lost) writes nothing and hands the job on at once")
  void alreadyCountedChunkReleasesTheJob(Vertx vertx) throws Exception {
    String tenant = Seed.tenant().id();
    UUID job = job(tenant, "running", "dead-instance/5", "now() - interval '1 hour'");
    Seed.update("UPDATE generation_jobs SET user_ids = ARRAY['p0','p1','p2','p3','p4','p5','p6','p7','p8','p9'] WHERE id = ?", job);
    Row claimed = claim(pool, job, "f/1", 1).await(10, TimeUnit.SECONDS).iterator().next();
    ClaimedJob run = ClaimedJob.from(claimed, "f/1");
    // Its first chunk committed, but the writer never heard: it writes the chunk again.
    Seed.update("UPDATE generation_jobs SET done = 5 WHERE id = ?", job);

    new JobRun(vertx, pool, run, new JobPacing(1000, 100), () -> false).run().await(10, TimeUnit.SECONDS);

    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = (SELECT definition_id FROM generation_jobs WHERE id = ?)", job))
        .as("the chunk written again rolled back").isZero();
    assertThat(claim(pool, job, "g/1", 1, 60_000).await(10, TimeUnit.SECONDS).size())
        .as("claimable at the next poll, not JOB_TAKEOVER_MS later").isEqualTo(1);
  }

  @Test
  @DisplayName("a run one of whose lanes finds its chunk already counted ends only once its other lane's chunk under way has ended, not while that chunk still writes")
  void runEndsAfterItsLastChunk(Vertx vertx) throws Exception {
    String tenant = Seed.tenant().id();
    UUID job = job(tenant, "running", "dead-instance/6", "now() - interval '1 hour'");
    Seed.update("UPDATE generation_jobs SET total = 1000 WHERE id = ?", job);
    ClaimedJob run = ClaimedJob.from(claim(pool, job, "h/1", 1).await(10, TimeUnit.SECONDS).iterator().next(), "h/1");
    // 600 committed, though the writer never heard: both of its chunks of 500 now count past the total.
    Seed.update("UPDATE generation_jobs SET done = 600 WHERE id = ?", job);
    Object definition = Seed.scalar("SELECT definition_id FROM generation_jobs WHERE id = ?", job);
    // The first lane to insert its codes takes the gate and is held there 2 s; the other goes straight on.
    Seed.update("""
        CREATE FUNCTION slow_first_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF pg_try_advisory_xact_lock(hashtext('slow_first_chunk')) THEN PERFORM pg_sleep(2); END IF;
          RETURN NULL;
        END $$""");
    Seed.update("CREATE TRIGGER slow_first_chunk AFTER INSERT ON coupons FOR EACH STATEMENT EXECUTE FUNCTION slow_first_chunk()");
    try {
      new JobRun(vertx, pool, run, new JobPacing(500, 100), () -> false).run().await(10, TimeUnit.SECONDS);

      assertThat(Seed.count("SELECT count(*) FROM pg_stat_activity a WHERE a.state = 'active' AND a.query LIKE 'WITH inserted AS (%'"
          + " AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)"))
          .as("no chunk of the run is still under way").isZero();
    } finally {
      Seed.update("DROP TRIGGER slow_first_chunk ON coupons");
      Seed.update("DROP FUNCTION slow_first_chunk()");
    }
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?", definition)).isZero();
  }

  private static Future<RowSet<Row>> claim(io.vertx.sqlclient.SqlClient sql, UUID job, String claim, int perTenant) {
    return claim(sql, job, claim, perTenant, TAKEOVER_MS);
  }

  private static Future<RowSet<Row>> claim(io.vertx.sqlclient.SqlClient sql, UUID job, String claim, int perTenant, int takeoverMs) {
    return sql.preparedQuery(JobSql.CLAIM).execute(Tuple.of(job, claim, takeoverMs, perTenant));
  }

  private static int record(UUID job, String claim, int count, Integer from) throws Exception {
    Object tenant = Seed.scalar("SELECT tenant_id FROM generation_jobs WHERE id = ?", job);
    return pool.preparedQuery(JobSql.RECORD_CHUNK).execute(Tuple.of(job, claim, count, from, tenant)).await(10, TimeUnit.SECONDS).size();
  }

  private UUID job(String tenant, String status, String owner, String heartbeat) {
    UUID definition = Seed.definition(tenant, Seed.rewardItem(tenant), Seed.DefinitionSpec.singleUse());
    UUID id = UUID.randomUUID();
    Seed.update("INSERT INTO generation_jobs (id, tenant_id, definition_id, total, status, owner, heartbeat_at)"
        + " VALUES (?, ?, ?, 10, ?, ?, " + heartbeat + ")", id, tenant, definition, status, owner);
    made.add(id);
    return id;
  }
}
