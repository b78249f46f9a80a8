package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class JobFailureTest {

  @Fixture private static Api api;

  @AfterEach
  void dropTrigger() {
    Seed.update("DROP TRIGGER IF EXISTS coupons_fail_for_test ON coupons");
    Seed.update("DROP FUNCTION IF EXISTS coupons_fail_for_test()");
    Seed.update("DROP TRIGGER IF EXISTS jobs_fail_once_for_test ON generation_jobs");
    Seed.update("DROP FUNCTION IF EXISTS jobs_fail_once_for_test()");
    Seed.update("DROP SEQUENCE IF EXISTS jobs_fail_once_for_test");
  }

  @Test
  @DisplayName("a job stopped by a database error shows status failed with error 'database', never the error's text")
  void databaseErrorIsACategory() throws InterruptedException {
    Studio studio = Studio.create(api);
    String id = studio.definition(new JsonObject()).getString("id");
    Seed.update("CREATE FUNCTION coupons_fail_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " RAISE EXCEPTION 'could not reach pg-replica.internal:6432 as coupons_rw'; END $$");
    Seed.update("CREATE TRIGGER coupons_fail_for_test BEFORE INSERT ON coupons FOR EACH ROW"
        + " WHEN (NEW.definition_id = '" + java.util.UUID.fromString(id) + "') EXECUTE FUNCTION coupons_fail_for_test()");

    Api.Response started = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 2000));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    JsonObject job = Jobs.awaitEnd(api, studio, started.json().getString("job_id"));

    assertThat(job.getString("status")).isEqualTo("failed");
    assertThat(job.getString("error")).isEqualTo("database");
    assertThat(job.encode()).doesNotContain("pg-replica").doesNotContain("6432");
  }

  @Test
  @DisplayName("a job whose completion hits a database error once is tried again and ends done, with one completion event")
  void completionIsRetried() throws InterruptedException {
    Studio studio = Studio.create(api);
    String id = studio.definition(new JsonObject()).getString("id");
    Seed.update("CREATE SEQUENCE jobs_fail_once_for_test");
    Seed.update("CREATE FUNCTION jobs_fail_once_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " IF nextval('jobs_fail_once_for_test') = 1 THEN RAISE EXCEPTION 'connection reset'; END IF; RETURN NEW; END $$");
    Seed.update("CREATE TRIGGER jobs_fail_once_for_test BEFORE UPDATE ON generation_jobs FOR EACH ROW"
        + " WHEN (NEW.status = 'done' AND NEW.definition_id = '" + java.util.UUID.fromString(id) + "')"
        + " EXECUTE FUNCTION jobs_fail_once_for_test()");

    Api.Response started = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 2000));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String jobId = started.json().getString("job_id");
    JsonObject job = Jobs.awaitEnd(api, studio, jobId);

    assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
    assertThat(job.getInteger("done")).isEqualTo(2000L);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", java.util.UUID.fromString(id))).isEqualTo(2000L);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.generation_completed' AND payload->>'job_id' = ?",
        jobId)).isEqualTo(1L);
  }
}
