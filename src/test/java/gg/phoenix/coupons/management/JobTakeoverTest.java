package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.management.Takeovers.FAST_TAKEOVER;
import static gg.phoenix.coupons.management.Takeovers.awaitRow;
import static gg.phoenix.coupons.management.Takeovers.holdingJobRow;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs outlive the instance running them: one instance starts a job and goes away mid-job (stopped, or killed),
 * another finishes it with exactly the codes asked for. The job's row is locked from here while the owner goes, so
 * that "mid-job" does not depend on how fast the machine writes codes ({@link Takeovers}). ImportTakeoverTest does the
 * same for an import.
 */
@ExtendWith(VertxExtension.class)
class JobTakeoverTest {

  private static final int COUNT = 30_000;

  @Test
  @DisplayName("an instance stopped mid-job hands its job over: another instance finishes it, done with exactly count codes")
  void stoppedOwner(Vertx vertx) throws Exception {
    Vertx first = Vertx.vertx();
    Api owner = TestApp.start(first, FAST_TAKEOVER);
    Studio studio = Studio.create(owner);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    String job = started(studio, definition);
    String firstClaim = awaitClaim(job);

    AtomicReference<Future<Void>> closed = new AtomicReference<>();
    Api other = holdingJobRow(job, () -> {
      Api started = TestApp.start(vertx, FAST_TAKEOVER);
      closed.set(first.close());
      Thread.sleep(300);
      return started;
    });
    closed.get().await(30, TimeUnit.SECONDS);

    assertFinishedExactly(new Studio(other, studio.tenantId, studio.secret), job, definition, firstClaim);
  }

  @Test
  @DisplayName("an instance killed mid-job (SIGKILL) leaves its job to another instance once its heartbeat is stale: done with exactly count codes, none twice")
  void killedOwner(Vertx vertx) throws Exception {
    int port = TestApp.freePort();
    Process process = Takeovers.startProcess(port, "job-takeover-process.log");
    try {
      Api owner = Api.at("http://127.0.0.1:" + port);
      Studio studio = Studio.create(owner);
      String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
      String job = started(studio, definition);
      String firstClaim = awaitClaim(job);

      Api other = Takeovers.killedAndTakenOver(vertx, job, process);

      assertFinishedExactly(new Studio(other, studio.tenantId, studio.secret), job, definition, firstClaim);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("an instance stopped while its job's lanes pause (1% duty after chunks held 2 s: minutes of pause) stops at once; another instance finishes the job with exactly count codes")
  void stoppedWhilePausing(Vertx vertx) throws Exception {
    Vertx first = Vertx.vertx();
    Api owner = TestApp.start(first, FAST_TAKEOVER.copy().put("JOB_CHUNK_SIZE", COUNT / 3).put("JOB_DUTY_PERCENT", 1));
    Studio studio = Studio.create(owner);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    String job = started(studio, definition);
    awaitRow(job, "status = 'running'");

    String firstClaim = holdingJobRow(job, () -> {
      assertThat(Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND done = 0", UUID.fromString(job)))
          .as("both lanes' first chunks wait for this lock").isEqualTo(1);
      Thread.sleep(2000);
      return Takeovers.owner(job);
    });
    awaitRow(job, "done = " + 2 * (COUNT / 3));

    // Both lanes now pause 99 times their chunks' 2 s; stopping must not wait for that.
    first.close().await(20, TimeUnit.SECONDS);
    Api other = TestApp.start(vertx, FAST_TAKEOVER);
    assertFinishedExactly(new Studio(other, studio.tenantId, studio.secret), job, definition, firstClaim);
  }

  @Test
  @DisplayName("a job taken over while its instance pauses it (1% duty after chunks held 2 s: minutes of pause) gives that instance's place back at its next heartbeat: another tenant's job runs there meanwhile, and both end done with exactly their counts")
  void takenOverWhilePausing(Vertx vertx) throws Exception {
    Api owner = TestApp.start(vertx, FAST_TAKEOVER.copy().put("BULK_POOL_SIZE", 1)
        .put("JOB_CHUNK_SIZE", COUNT / 3).put("JOB_DUTY_PERCENT", 1));
    Studio studio = Studio.create(owner);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    String job = started(studio, definition);
    awaitRow(job, "status = 'running'");
    String firstClaim = holdingJobRow(job, () -> {
      Thread.sleep(2000);
      return (String) Seed.scalar("SELECT owner FROM generation_jobs WHERE id = ?::uuid", UUID.fromString(job));
    });
    awaitRow(job, "done = " + 2 * (COUNT / 3));

    // Both lanes now pause 99 times their chunks' 2 s. Another instance takes the job over, then dies in its turn.
    Seed.update("UPDATE generation_jobs SET owner = 'another-instance/1', heartbeat_at = now() WHERE id = ?::uuid", UUID.fromString(job));
    Studio other = Studio.create(owner);
    String otherDefinition = other.definition(new JsonObject().put("code_length", 12)).getString("id");
    Api.Response queued = other.post("/definitions/" + otherDefinition + "/coupons", new JsonObject().put("count", 2000));
    assertThat(queued.status()).as(queued.body()).isEqualTo(202);
    String otherJob = queued.json().getString("job_id");

    long deadline = System.currentTimeMillis() + 30_000;
    while (Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND status = 'done'", UUID.fromString(otherJob)) == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Seed.scalar("SELECT status FROM generation_jobs WHERE id = ?::uuid", UUID.fromString(otherJob)))
        .as("the only place of the instance (BULK_POOL_SIZE 1) was given back").isEqualTo("done");
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", UUID.fromString(otherDefinition))).isEqualTo(2000);
    assertFinishedExactly(studio, job, definition, firstClaim);
  }

  @Test
  @DisplayName("an instance stopped while its claim of another tenant's job waits for that tenant's lock releases that job too: it is never left running under a claim nobody renews")
  void stoppedWhileClaiming(Vertx vertx) throws Exception {
    Vertx first = Vertx.vertx();
    // Bulk connections for the job's two lanes, a heartbeat, the other job's request and its claim.
    Api owner = TestApp.start(first, new JsonObject().put("JOB_TAKEOVER_MS", 60_000)
        .put("JOB_POLL_MS", 200).put("BULK_POOL_SIZE", 5).put("JOB_DUTY_PERCENT", 100));
    Studio studio = Studio.create(owner);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    Studio other = Studio.create(owner);
    String otherDefinition = other.definition(new JsonObject().put("code_length", 12)).getString("id");
    String job = started(studio, definition);
    awaitRow(job, "status = 'running'");

    String otherJob;
    Future<Void> closed;
    try (Connection rowLock = TestBackends.get().jdbc(); Statement rows = rowLock.createStatement();
         Connection tenantLock = TestBackends.get().jdbc(); Statement tenants = tenantLock.createStatement()) {
      rowLock.setAutoCommit(false);
      rows.execute("SELECT id FROM generation_jobs WHERE id = '" + job + "' FOR UPDATE");
      awaitWaiting("UPDATE generation_jobs SET done%"); // a chunk of the running job, so that the stop waits for it
      tenantLock.setAutoCommit(false);
      tenants.execute("SELECT pg_advisory_xact_lock(hashtext('generation_jobs'), hashtext('" + other.tenantId + "'))");
      Api.Response queued = other.post("/definitions/" + otherDefinition + "/coupons", new JsonObject().put("count", 2000));
      assertThat(queued.status()).as(queued.body()).isEqualTo(202);
      otherJob = queued.json().getString("job_id");
      awaitWaiting("SELECT 1 FROM (SELECT pg_advisory_xact_lock%"); // its claim

      closed = first.close();
      Thread.sleep(300);
      tenantLock.commit(); // the claim commits while the instance stops
      awaitRow(otherJob, "status = 'running'");
      rowLock.rollback();
    }
    closed.await(30, TimeUnit.SECONDS);

    assertThat(Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND heartbeat_at = '-infinity'",
        UUID.fromString(otherJob))).as("released, to be taken over at the next poll").isOne();
    Api next = TestApp.start(vertx, FAST_TAKEOVER);
    assertThat(Jobs.awaitEnd(next, new Studio(next, other.tenantId, other.secret), otherJob).getString("status")).isEqualTo("done");
    assertThat(Jobs.awaitEnd(next, new Studio(next, studio.tenantId, studio.secret), job).getString("status")).isEqualTo("done");
  }

  /** Waits (a minute at most) until a statement starting so waits for a lock. */
  private static void awaitWaiting(String statement) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (Seed.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?", statement) == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  private static String started(Studio studio, String definition) {
    Api.Response started = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", COUNT));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    return started.json().getString("job_id");
  }

  /** Waits until the job runs and has written a chunk; answers the claim it runs under. */
  private static String awaitClaim(String job) throws InterruptedException {
    awaitRow(job, "status = 'running' AND done > 0");
    return Takeovers.owner(job);
  }

  private static void assertFinishedExactly(Studio studio, String job, String definition, String firstClaim) throws Exception {
    JsonObject end = Jobs.awaitEnd(studio.api, studio, job);
    assertThat(end.getString("status")).as(end.encode()).isEqualTo("done");
    assertThat(end.getInteger("done")).isEqualTo(COUNT);
    UUID definitionId = UUID.fromString(definition);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", definitionId)).isEqualTo(COUNT);
    assertThat(Seed.count("SELECT count(DISTINCT lower(code)) FROM coupons WHERE definition_id = ?::uuid", definitionId)).isEqualTo(COUNT);
    assertThat(Seed.scalar("SELECT owner FROM generation_jobs WHERE id = ?::uuid", UUID.fromString(job))).isNotEqualTo(firstClaim);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.generation_completed' AND payload->>'job_id' = ?", job))
        .isEqualTo(1);
  }
}
