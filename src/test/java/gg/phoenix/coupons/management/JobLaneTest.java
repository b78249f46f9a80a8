package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulk work in its own lane: a service whose main pool is as small as two jobs' chunks (4 connections), with a bulk
 * pool of 2 and one job per tenant at a time. Its jobs run unpaced (JOB_DUTY_PERCENT 100), so that the queueing
 * cases end in seconds; PacedJobTest and JobTakeoverTest run paced ones.
 */
class JobLaneTest {

  private static final int CHUNK = 5000;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("PG_POOL_SIZE", 4).put("BULK_POOL_SIZE", 2).put("JOBS_PER_TENANT", 1).put("JOB_CHUNK_SIZE", CHUNK)
      .put("JOB_DUTY_PERCENT", 100));

  @Fixture private static Api api;

  @Test
  @DisplayName("while two tenants' jobs hold every connection of the bulk pool, another tenant's redemption is answered at once")
  void redemptionsKeepTheirPool() throws Exception {
    Studio player = Studio.create(api);
    String playerDef = player.definition(new JsonObject()).getString("id");
    String code = player.post("/definitions/" + playerDef + "/coupons", new JsonObject().put("user_ids", new JsonArray().add("p1")))
        .json().getJsonArray("coupons").getJsonObject(0).getString("code");
    Studio first = Studio.create(api);
    Studio second = Studio.create(api);
    String firstJob = startJob(first, 100_000);
    String secondJob = startJob(second, 100_000);
    awaitProgress(first, firstJob);
    awaitProgress(second, secondJob);

    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      conn.setAutoCommit(false);
      // Every chunk now waits to record its progress, holding its connection.
      st.execute("SELECT id FROM generation_jobs WHERE id IN ('" + firstJob + "', '" + secondJob + "') FOR UPDATE");
      Thread.sleep(1000);

      long started = System.nanoTime();
      Api.Response redeemed = player.redeem(code, "p1");
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
      assertThat(tookMs).isLessThan(2000);
      conn.rollback();
    }
    assertThat(Jobs.awaitEnd(api, first, firstJob).getString("status")).isEqualTo("done");
    assertThat(Jobs.awaitEnd(api, second, secondJob).getString("status")).isEqualTo("done");
  }

  @Test
  @DisplayName("a tenant's second job waits with status queued and starts when the first ends, while another tenant's job runs meanwhile")
  void secondJobQueues() throws Exception {
    Studio studio = Studio.create(api);
    Studio other = Studio.create(api);
    String running = startJob(studio, 60_000);
    String queued = startJob(studio, 2000);
    String others = startJob(other, 2000);

    assertThat(Jobs.get(api, studio, queued).getString("status")).isEqualTo("queued");
    assertThat(Jobs.get(api, studio, queued).getInteger("done")).isZero();
    JsonObject othersEnd = Jobs.awaitEnd(api, other, others);
    assertThat(othersEnd.getString("status")).isEqualTo("done");
    assertThat(Jobs.awaitEnd(api, studio, running).getString("status")).isEqualTo("done");
    assertThat(Jobs.awaitEnd(api, studio, queued).getString("status")).isEqualTo("done");

    assertThat(Seed.count("SELECT count(*) FROM generation_jobs a JOIN generation_jobs b ON b.id = ?::uuid"
        + " WHERE a.id = ?::uuid AND b.started_at >= a.finished_at", UUID.fromString(queued), UUID.fromString(running))).isEqualTo(1);
    assertThat(Seed.count("SELECT count(*) FROM generation_jobs a JOIN generation_jobs o ON o.id = ?::uuid"
        + " WHERE a.id = ?::uuid AND o.finished_at < a.finished_at", UUID.fromString(others), UUID.fromString(running))).isEqualTo(1);
  }

  @Test
  @DisplayName("an instance runs at most BULK_POOL_SIZE jobs at once: of three tenants' jobs, the last starts once one has ended, and all end done")
  void instanceRunsAtMostItsLane() throws Exception {
    Studio[] studios = {Studio.create(api), Studio.create(api), Studio.create(api)};
    String[] jobs = new String[3];
    for (int i = 0; i < 3; i++) {
      jobs[i] = startJob(studios[i], 60_000);
    }

    for (int i = 0; i < 3; i++) {
      assertThat(Jobs.awaitEnd(api, studios[i], jobs[i]).getString("status")).isEqualTo("done");
    }

    // Three jobs never ran together: the last to start started once the first to end had ended.
    String ids = "'" + String.join("', '", jobs) + "'";
    assertThat(Seed.count("SELECT count(*) FROM (SELECT max(started_at) AS s, min(finished_at) AS f FROM generation_jobs"
        + " WHERE id IN (" + ids + ")) t WHERE s >= f")).isEqualTo(1);
  }

  @Test
  @DisplayName("another tenant cannot read a job: its id answers 404 job_not_found, as an unknown one does")
  void crossTenant() throws Exception {
    Studio owner = Studio.create(api);
    String job = startJob(owner, 1500);
    Studio stranger = Studio.create(api);

    Api.Response foreign = api.get(stranger.path("/jobs/" + job), stranger.server);
    Api.Response viaOwnersPath = api.get(owner.path("/jobs/" + job), stranger.server);

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().getString("error")).isEqualTo("job_not_found");
    assertThat(viaOwnersPath.status()).isIn(401, 403);
    assertThat(Jobs.awaitEnd(api, owner, job).getString("status")).isEqualTo("done");
  }

  @Test
  @DisplayName("a queued job deleted from the database is skipped: the tenant's next queued job starts when the running one ends")
  void deletedWhileQueued() throws Exception {
    Studio studio = Studio.create(api);
    String running = startJob(studio, 40_000);
    String deleted = startJob(studio, 2000);
    String next = startJob(studio, 2000);

    Seed.update("DELETE FROM generation_jobs WHERE id = ?::uuid AND status = 'queued'", UUID.fromString(deleted));

    assertThat(api.get(studio.path("/jobs/" + deleted), studio.server).status()).isEqualTo(404);
    assertThat(Jobs.awaitEnd(api, studio, running).getString("status")).isEqualTo("done");
    assertThat(Jobs.awaitEnd(api, studio, next).getString("status")).isEqualTo("done");
  }

  @Test
  @DisplayName("a running job deleted from the database stops writing codes (its next chunk rolls back), and frees its tenant's slot")
  void deletedWhileRunning() throws Exception {
    Studio studio = Studio.create(api);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    String running = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", 200_000)).json().getString("job_id");
    String next = startJob(studio, 2000);
    awaitProgress(studio, running);

    Seed.update("DELETE FROM generation_jobs WHERE id = ?::uuid", UUID.fromString(running));

    assertThat(Jobs.awaitEnd(api, studio, next).getString("status")).isEqualTo("done");
    long written = Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", UUID.fromString(definition));
    Thread.sleep(1000);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", UUID.fromString(definition)))
        .isEqualTo(written).isLessThan(200_000).isEqualTo(written / CHUNK * CHUNK);
  }

  @Test
  @DisplayName("a count past 1,000,000 (however large) or not a whole number gets 400 invalid_count and queues nothing")
  void hugeCounts() {
    Studio studio = Studio.create(api);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    for (Object count : new Object[] {1_000_001, 1_000_000_000_000L, new java.math.BigInteger("1" + "0".repeat(30)), 5000.5, -1}) {
      Api.Response response = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", count));
      assertThat(response.status()).as(String.valueOf(count)).isEqualTo(400);
      assertThat(response.json().getString("error")).isEqualTo("invalid_count");
    }
    assertThat(Seed.count("SELECT count(*) FROM generation_jobs WHERE tenant_id = ?", studio.tenantId)).isZero();
  }

  static String startJob(Studio studio, int count) {
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    Api.Response started = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", count));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    return started.json().getString("job_id");
  }

  private static void awaitProgress(Studio studio, String job) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (Jobs.get(api, studio, job).getInteger("done") == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }
}
