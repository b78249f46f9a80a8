package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job paced harder than the defaults: chunks of 700 codes (no divisor of the count), each lane busy 20% of the time. */
class PacedJobTest {

  private static final int CHUNK = 700;
  private static final int COUNT = 7000;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("JOB_CHUNK_SIZE", CHUNK).put("JOB_DUTY_PERCENT", 20));

  @Fixture private static Api api;

  @Test
  @DisplayName("a paced job ends done with exactly count codes, none twice, its progress moving in whole chunks of JOB_CHUNK_SIZE")
  void pacedJobCompletes() throws Exception {
    Studio studio = Studio.create(api);
    String definition = studio.definition(new JsonObject().put("code_length", 12)).getString("id");
    Api.Response started = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("count", COUNT));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String job = started.json().getString("job_id");

    List<Integer> seen = new ArrayList<>();
    JsonObject state = Jobs.get(api, studio, job);
    long deadline = System.currentTimeMillis() + 120_000;
    while (!Jobs.isOver(state) && System.currentTimeMillis() < deadline) {
      seen.add(state.getInteger("done"));
      Thread.sleep(20);
      state = Jobs.get(api, studio, job);
    }

    assertThat(state.getString("status")).as(state.encode()).isEqualTo("done");
    assertThat(state.getInteger("done")).isEqualTo(COUNT);
    assertThat(seen).as("progress seen while running").anyMatch(done -> done > 0 && done < COUNT)
        .allMatch(done -> done % CHUNK == 0);
    UUID definitionId = UUID.fromString(definition);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", definitionId)).isEqualTo(COUNT);
    assertThat(Seed.count("SELECT count(DISTINCT lower(code)) FROM coupons WHERE definition_id = ?::uuid", definitionId)).isEqualTo(COUNT);
  }
}
