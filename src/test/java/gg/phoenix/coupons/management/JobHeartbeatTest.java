package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An instance's heartbeat while one of its jobs' rows is held by another transaction (an operator's, a slow commit):
 * the heartbeat's statement waits for that row, on a connection of the bulk lane.
 */
@ExtendWith(VertxExtension.class)
class JobHeartbeatTest {

  @Test
  @DisplayName("while a running job's row is held, the instance's heartbeats (every 100 ms) wait one at a time: the bulk lane keeps a connection for a request of 10 codes, answered 201")
  void heartbeatsDoNotPileUp(Vertx vertx) throws Exception {
    // Bulk connections: the job's two lanes, one heartbeat, one request.
    Api api = TestApp.start(vertx, new JsonObject().put("JOB_HEARTBEAT_MS", 100).put("JOB_TAKEOVER_MS", 60_000)
        .put("BULK_POOL_SIZE", 4).put("JOB_DUTY_PERCENT", 100));
    Studio studio = Studio.create(api);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    Api.Response started = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", 100_000));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String job = started.json().getString("job_id");
    awaitRow(job);
    Studio other = Studio.create(api);
    String otherDefinition = other.definition(new JsonObject()).getString("id");

    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      conn.setAutoCommit(false);
      st.execute("SELECT id FROM generation_jobs WHERE id = '" + job + "' FOR UPDATE");
      int holder;
      try (ResultSet pid = st.executeQuery("SELECT pg_backend_pid()")) {
        pid.next();
        holder = pid.getInt(1);
      }
      Thread.sleep(1000);

      assertThat(waitingFor(holder, "UPDATE generation_jobs SET done%")).as("the job's chunks wait for its row").isPositive();
      assertThat(waitingFor(holder, "UPDATE generation_jobs SET heartbeat_at = now()%")).isOne();
      Api.Response small = other.post("/definitions/" + otherDefinition + "/coupons", new JsonObject().put("count", 10));
      assertThat(small.status()).as(small.body()).isEqualTo(201);
      conn.rollback();
    }
    assertThat(Jobs.awaitEnd(api, studio, job).getString("status")).isEqualTo("done");
  }

  /**
   * Statements starting so that wait for the row {@code holder} holds: directly, or behind the statement first in
   * line for it (PostgreSQL queues the others on the row's tuple lock, which that one holds).
   */
  private static long waitingFor(int holder, String statement) {
    return Seed.count("SELECT count(*) FROM pg_stat_activity a WHERE a.query LIKE ? AND (? = ANY (pg_blocking_pids(a.pid))"
        + " OR EXISTS (SELECT 1 FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid)) AND ? = ANY (pg_blocking_pids(b.pid))))",
        statement, holder, holder);
  }

  private static void awaitRow(String job) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND status = 'running'", UUID.fromString(job)) == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }
}
