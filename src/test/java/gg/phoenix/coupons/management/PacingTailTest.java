package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job paced to the limit (1 % duty: each chunk is followed by 99 times its time of pause) whose two chunks, one per
 * lane, are its last. The test holds the definition's counts row so that both chunks take seconds to commit.
 */
class PacingTailTest {

  private static final int CHUNK = 700;
  private static final int COUNT = 2 * CHUNK;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("JOB_CHUNK_SIZE", CHUNK).put("JOB_DUTY_PERCENT", 1));

  @Fixture private static Api api;

  @Test
  @DisplayName("a job whose last chunks have committed is done at once, not after the pause that would follow them (99 times their 2 s)")
  void noPauseAfterTheLastChunk() throws Exception {
    Studio studio = Studio.create(api);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    String job;
    try (Connection conn = TestBackends.get().jdbc()) {
      conn.setAutoCommit(false);
      try (PreparedStatement st = conn.prepareStatement(
          "INSERT INTO definition_stats (tenant_id, definition_id) VALUES (?, ?::uuid) ON CONFLICT DO NOTHING")) {
        st.setString(1, studio.tenantId);
        st.setString(2, definition);
        st.execute();
      }
      Api.Response started = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", COUNT));
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      job = started.json().getString("job_id");
      Thread.sleep(2_000);
      assertThat(Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND status = 'running' AND done = 0",
          UUID.fromString(job))).as("both chunks wait for the counts row").isOne();
      conn.rollback();
    }

    long deadline = System.currentTimeMillis() + 30_000;
    while (Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND status = 'running'", UUID.fromString(job)) == 1
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    JsonObject state = Jobs.get(api, studio, job);
    assertThat(state.getString("status")).as(state.encode()).isEqualTo("done");
    assertThat(state.getInteger("done")).isEqualTo(COUNT);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", UUID.fromString(definition))).isEqualTo(COUNT);
  }
}
