package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class GenerationTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private String definition(JsonObject config) {
    return studio.definition(config).getString("id");
  }

  @Test
  @DisplayName("generating for named players gives 201 and one active coupon each, assigned to that player")
  void forPlayers() {
    String id = definition(new JsonObject().put("code_prefix", "WELCOME").put("code_length", 8));

    Api.Response response = studio.post("/definitions/" + id + "/coupons",
        new JsonObject().put("user_ids", new JsonArray().add("user_1").add("user_2")).put("expires_at", "2031-01-01T00:00:00Z"));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonArray coupons = response.json().getJsonArray("coupons");
    assertThat(response.json().getInteger("total")).isEqualTo(2);
    assertThat(coupons.stream().map(c -> ((JsonObject) c).getString("user_id"))).containsExactlyInAnyOrder("user_1", "user_2");
    assertThat(coupons.getJsonObject(0).getString("code")).matches("WELCOME[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}");
    assertThat(coupons.getJsonObject(0).getString("expires_at")).isEqualTo("2031-01-01T00:00:00Z");
    assertThat(coupons.getJsonObject(0).getString("status")).isEqualTo("active");
    assertThat(studio.get("/user/user_1").json().getInteger("total")).isEqualTo(1);
  }

  @Test
  @DisplayName("unassigned codes follow a pattern with no look-alike characters, and the first player to redeem one owns it")
  void unassignedPattern() {
    String id = definition(new JsonObject().put("code_format", "pattern").put("pattern", "GIFT-####-####"));

    JsonArray coupons = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 300)).json().getJsonArray("coupons");

    assertThat(coupons).hasSize(300);
    Set<String> codes = new HashSet<>();
    for (Object c : coupons) {
      JsonObject coupon = (JsonObject) c;
      assertThat(coupon.getString("code")).matches("GIFT-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}");
      assertThat(coupon.getValue("user_id")).isNull();
      codes.add(coupon.getString("code").toLowerCase());
    }
    assertThat(codes).hasSize(300);
    String code = coupons.getJsonObject(0).getString("code");
    assertThat(studio.redeem(code, "finder").json().getString("user_id")).isEqualTo("finder");
    assertThat(studio.redeem(code, "someone-else").status()).isEqualTo(403);
  }

  @Test
  @DisplayName("more than 1,000 codes run as a job: 202 with job_id and status_url, then progress to done with every code stored")
  void job() throws InterruptedException {
    String id = definition(new JsonObject().put("code_length", 10));

    Api.Response started = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 12_000));

    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String statusUrl = started.json().getString("status_url");
    assertThat(statusUrl).isEqualTo(studio.path("/jobs/" + started.json().getString("job_id")));
    List<JsonObject> seen = new ArrayList<>();
    JsonObject job;
    long deadline = System.currentTimeMillis() + 60_000;
    do {
      Thread.sleep(200);
      Api.Response polled = api.get(statusUrl, studio.server);
      assertThat(polled.status()).as(polled.body()).isEqualTo(200);
      job = polled.json();
      seen.add(job);
    } while (!Jobs.isOver(job) && System.currentTimeMillis() < deadline);
    assertThat(job.getString("status")).isEqualTo("done");
    assertThat(job.getInteger("total")).isEqualTo(12_000);
    assertThat(job.getInteger("done")).isEqualTo(12_000);
    assertThat(job.getDouble("progress")).isEqualTo(1.0);
    assertThat(seen.stream().map(j -> j.getInteger("done")).toList()).isSorted();
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", java.util.UUID.fromString(id))).isEqualTo(12_000);
    String[] exported = studio.get("/definitions/" + id + "/coupons/export").body().split("\n");
    assertThat(exported).hasSize(12_001);
    assertThat(Set.of(exported)).hasSize(12_001);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.generation_completed'"
        + " AND payload->>'job_id' = ?", started.json().getString("job_id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("the export is a CSV with the documented header and one line per coupon")
  void export() {
    String id = definition(new JsonObject());
    studio.post("/definitions/" + id + "/coupons", new JsonObject().put("user_ids", new JsonArray().add("a,b").add("plain").add("=HYPERLINK(1)")));
    studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 997));

    Api.Response csv = studio.get("/definitions/" + id + "/coupons/export");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    String[] lines = csv.body().split("\n");
    assertThat(lines[0]).isEqualTo("id,code,user_id,status,redemption_count,expires_at");
    assertThat(lines).hasSize(1001);
    assertThat(csv.body()).contains(",\"a,b\",active,0,").contains(",'=HYPERLINK(1),active,0,");
  }

  @Test
  @DisplayName("revoking a coupon answers it with status revoked, again the same, and it then neither validates nor redeems")
  void revoke() {
    String id = definition(new JsonObject());
    JsonObject coupon = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("user_ids", new JsonArray().add("u1")))
        .json().getJsonArray("coupons").getJsonObject(0);

    Api.Response first = studio.post("/coupons/" + coupon.getString("id") + "/revoke", new JsonObject());
    Api.Response second = studio.post("/coupons/" + coupon.getString("id") + "/revoke", new JsonObject());

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getString("status")).isEqualTo("revoked");
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.revoked'"
        + " AND payload->'coupon'->>'id' = ?", coupon.getString("id"))).isEqualTo(1);
    assertThat(studio.get("/validate/" + coupon.getString("code")).json().getString("error")).isEqualTo("Coupon status: revoked");
    Api.Response redeem = studio.redeem(coupon.getString("code"), "u1");
    assertThat(redeem.status()).isEqualTo(400);
    assertThat(redeem.json().getString("message")).isEqualTo("Coupon status: revoked");
    assertThat(Studio.create(api).post("/coupons/" + coupon.getString("id") + "/revoke", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("generation requests without exactly one of user_ids and count, or too many for the format, get 400")
  void badRequests() {
    String id = definition(new JsonObject().put("code_format", "pattern").put("pattern", "X-####"));

    assertThat(studio.post("/definitions/" + id + "/coupons", new JsonObject()).status()).isEqualTo(400);
    assertThat(studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 0)).status()).isEqualTo(400);
    assertThat(studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 1_000_001)).status()).isEqualTo(400);
    assertThat(studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 300_000)).json().getString("error"))
        .isEqualTo("code_space_too_small");
    assertThat(studio.post("/definitions/" + id + "/coupons", new JsonObject().put("user_ids", new JsonArray().add(5))).status())
        .isEqualTo(400);
  }
}
