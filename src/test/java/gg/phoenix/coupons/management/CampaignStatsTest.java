package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class CampaignStatsTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private CompletableFuture<Api.Response> postAsync(String rest, JsonObject body) {
    return api.sendAsync("POST", studio.path(rest), body.encode(), studio.server, List.of());
  }

  private static <T> List<T> joined(List<CompletableFuture<T>> futures) {
    return futures.stream().map(CompletableFuture::join).toList();
  }

  @Test
  @DisplayName("after concurrent redemptions, rollbacks and revocations the definition's and batches' counts agree with the tables")
  void countsAgreeWithTables() {
    String def = studio.definition(new JsonObject().put("usage_limit", Studio.perUser(2, null))).getString("id");
    List<String> players = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      players.add("player-" + i);
    }
    JsonObject first = studio.post("/definitions/" + def + "/coupons", new JsonObject().put("user_ids", new JsonArray(players))
        .put("label", "first")).json();
    JsonObject second = studio.post("/definitions/" + def + "/coupons", new JsonObject().put("count", 30)).json();
    JsonArray firstCodes = first.getJsonArray("coupons");
    JsonArray secondCodes = second.getJsonArray("coupons");

    List<CompletableFuture<Api.Response>> redeems = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      JsonObject coupon = firstCodes.getJsonObject(i);
      for (int use = 0; use < 3; use++) { // the third use of each code is refused
        redeems.add(postAsync("/redeem/" + coupon.getString("code"), new JsonObject().put("user_id", coupon.getString("user_id"))));
      }
    }
    for (int i = 0; i < 30; i++) {
      redeems.add(postAsync("/redeem/" + secondCodes.getJsonObject(i).getString("code"), new JsonObject().put("user_id", "walk-in-" + (i % 7))));
    }
    CompletableFuture<Api.Response> revokeSecond = postAsync("/batches/" + second.getString("batch_id") + "/revoke", new JsonObject());
    List<Api.Response> redeemed = joined(redeems).stream().filter(r -> r.status() == 200).toList();
    assertThat(revokeSecond.join().status()).isEqualTo(200);

    List<CompletableFuture<Api.Response>> rollbacks = new ArrayList<>();
    for (int i = 0; i < redeemed.size(); i += 3) {
      rollbacks.add(postAsync("/redemptions/" + redeemed.get(i).json().getString("redemption_id") + "/rollback",
          new JsonObject().put("reason", "grant failed")));
    }
    rollbacks.add(postAsync("/coupons/" + firstCodes.getJsonObject(0).getString("id") + "/revoke", new JsonObject()));
    rollbacks.add(postAsync("/coupons/" + firstCodes.getJsonObject(1).getString("id") + "/revoke", new JsonObject()));
    assertThat(joined(rollbacks)).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));

    UUID id = UUID.fromString(def);
    long made = Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?::uuid", id);
    long undone = Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?::uuid AND rolled_back_at IS NOT NULL", id);
    JsonObject stats = Await.until(() -> studio.get("/definitions/" + def + "/stats").json(),
        s -> s.getLong("redemptions") == made && s.getLong("rollbacks") == undone);

    assertThat(made).isGreaterThanOrEqualTo(80);
    assertThat(undone).isGreaterThan(20);
    assertThat(stats.getLong("redemptions")).isEqualTo(made);
    assertThat(stats.getLong("rollbacks")).isEqualTo(undone);
    assertThat(stats.getLong("redeemed")).isEqualTo(made - undone);
    assertThat(stats.getLong("issued")).isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid AND kind = 'coupon'", id));
    assertThat(stats.getLong("revoked")).isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid AND status = 'revoked'", id));
    assertThat(stats.getLong("unique_players")).isEqualTo(Seed.count(
        "SELECT count(DISTINCT user_id) FROM redemptions WHERE definition_id = ?::uuid AND rolled_back_at IS NULL", id));
    assertThat(stats.getValue("remaining")).isNull();
    for (JsonObject generation : List.of(first, second)) {
      UUID batch = UUID.fromString(generation.getString("batch_id"));
      JsonObject view = studio.get("/batches/" + batch).json();
      assertThat(view.getLong("issued")).isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid", batch));
      assertThat(view.getLong("revoked")).isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status = 'revoked'", batch));
      assertThat(view.getLong("used_up")).isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status = 'redeemed'", batch));
      assertThat(view.getLong("remaining")).isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status = 'active'", batch));
      assertThat(view.getLong("redeemed")).isEqualTo(Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id"
          + " WHERE c.batch_id = ?::uuid AND r.rolled_back_at IS NULL", batch));
    }
    JsonObject series = studio.get("/definitions/" + def + "/stats?series=redemptions&bucket=minute&from="
        + Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)).json();
    long inSeries = series.getJsonArray("points").stream().mapToLong(p -> ((JsonObject) p).getLong("redemptions")).sum();
    long undoneInSeries = series.getJsonArray("points").stream().mapToLong(p -> ((JsonObject) p).getLong("rollbacks")).sum();
    assertThat(inSeries).isEqualTo(made);
    assertThat(undoneInSeries).isEqualTo(undone);
  }

  @Test
  @DisplayName("a definition without activity answers zero counts, and a capped one its remaining uses")
  void emptyAndCapped() {
    String def = studio.definition(new JsonObject().put("usage_limit", new JsonObject().put("limit_type", "global").put("max_uses", 5)))
        .getString("id");
    JsonObject code = studio.post("/definitions/" + def + "/coupons", new JsonObject().put("count", 1)).json()
        .getJsonArray("coupons").getJsonObject(0);
    assertThat(studio.get("/definitions/" + def + "/stats").json().getLong("remaining")).isEqualTo(5);

    assertThat(studio.redeem(code.getString("code"), "p1").status()).isEqualTo(200);

    JsonObject stats = Await.until(() -> studio.get("/definitions/" + def + "/stats").json(), s -> s.getLong("redemptions") == 1);
    assertThat(stats.getInteger("max_total_uses")).isEqualTo(5);
    assertThat(stats.getLong("remaining")).isEqualTo(4);
    assertThat(stats.getLong("unique_players")).isEqualTo(1);
    assertThat(stats.getJsonObject("validations")).isEqualTo(new JsonObject().put("ok", 0L).put("refused", new JsonObject()));
  }

  @Test
  @DisplayName("a series answers one point per bucket from the bucket holding from, zero where nothing happened")
  void seriesPoints() {
    String def = studio.definition(new JsonObject()).getString("id");
    String from = "2026-01-01T10:30:00Z";

    JsonObject hours = studio.get("/definitions/" + def + "/stats?series=redemptions&bucket=hour&from=" + from + "&to=2026-01-01T13:00:00Z").json();
    JsonObject days = studio.get("/definitions/" + def + "/stats?series=redemptions&bucket=day&from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z").json();

    assertThat(hours.getString("from")).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(hours.getJsonArray("points").stream().map(p -> ((JsonObject) p).getString("starts_at")).toList())
        .containsExactly("2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "2026-01-01T12:00:00Z");
    assertThat(hours.getJsonArray("points").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("starts_at", "2026-01-01T10:00:00Z").put("redemptions", 0L).put("rollbacks", 0L));
    assertThat(days.getJsonArray("points")).hasSize(7);
  }

  @Test
  @DisplayName("a bad series query is a 400 naming what is wrong, never a 500")
  void badSeries() {
    String def = studio.definition(new JsonObject()).getString("id");
    String base = "/definitions/" + def + "/stats?";

    assertThat(studio.get(base + "series=validations").json().getString("error")).isEqualTo("invalid_series");
    assertThat(studio.get(base + "bucket=hour").json().getString("error")).isEqualTo("invalid_series");
    assertThat(studio.get(base + "series=redemptions&bucket=week").json().getString("error")).isEqualTo("invalid_bucket");
    assertThat(studio.get(base + "series=redemptions&from=yesterday").json().getString("error")).isEqualTo("invalid_from");
    assertThat(studio.get(base + "series=redemptions&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").json().getString("error"))
        .isEqualTo("invalid_range");
    Api.Response tooMany = studio.get(base + "series=redemptions&bucket=minute&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().getString("error")).isEqualTo("invalid_range");
    assertThat(Studio.create(api).get("/definitions/" + def + "/stats").json().getString("error")).isEqualTo("definition_not_found");
  }

  @Test
  @DisplayName("a series from or to a time before 1970 or after 9999 is a 400 invalid_from or invalid_to, never a 500")
  void farOffSeries() {
    String def = studio.definition(new JsonObject()).getString("id");
    String base = "/definitions/" + def + "/stats?series=redemptions&bucket=day&";

    assertThat(studio.get(base + "to=%2B300000-01-01T00:00:00Z").json().getString("error")).isEqualTo("invalid_to");
    assertThat(studio.get(base + "from=2026-01-01T00:00:00Z&to=%2B1000000000-12-31T23:59:59Z").json().getString("error")).isEqualTo("invalid_to");
    assertThat(studio.get(base + "from=-1000000000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").json().getString("error"))
        .isEqualTo("invalid_from");
    assertThat(studio.get(base + "from=1969-12-31T00:00:00Z&to=1970-01-02T00:00:00Z").json().getString("error"))
        .isEqualTo("invalid_from");
    assertThat(studio.get(base + "from=9999-12-01T00:00:00Z&to=9999-12-31T00:00:00Z").json().getJsonArray("points")).hasSize(30);
  }
}
