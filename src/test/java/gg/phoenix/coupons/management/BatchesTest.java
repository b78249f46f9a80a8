package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class BatchesTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private String definition() {
    return studio.definition(new JsonObject().put("code_length", 10)).getString("id");
  }

  private JsonObject generate(String definitionId, JsonObject body) {
    Api.Response response = studio.post("/definitions/" + definitionId + "/coupons", body);
    assertThat(response.status()).as(response.body()).isIn(201, 202);
    return response.json();
  }

  @Test
  @DisplayName("each generation is a batch with its label: listed oldest first with issued, redeemed, revoked and remaining")
  void listed() {
    String def = definition();
    JsonObject first = generate(def, new JsonObject().put("count", 3).put("label", "Influencer X"));
    JsonObject second = generate(def, new JsonObject().put("user_ids", new JsonArray().add("p1").add("p2")));
    studio.redeem(first.getJsonArray("coupons").getJsonObject(0).getString("code"), "finder");

    JsonObject page = studio.get("/definitions/" + def + "/batches").json();

    assertThat(page.getLong("total")).isEqualTo(2);
    JsonObject a = page.getJsonArray("batches").getJsonObject(0);
    JsonObject b = page.getJsonArray("batches").getJsonObject(1);
    assertThat(a.getString("batch_id")).isEqualTo(first.getString("batch_id"));
    assertThat(a.getString("label")).isEqualTo("Influencer X");
    assertThat(a.getInteger("issued")).isEqualTo(3);
    assertThat(b.getString("batch_id")).isEqualTo(second.getString("batch_id"));
    assertThat(b.getValue("label")).isNull();
    assertThat(b.getInteger("remaining")).isEqualTo(2);
    JsonObject counted = Await.until(() -> studio.get("/batches/" + first.getString("batch_id")).json(),
        batch -> batch.getInteger("redeemed") == 1);
    assertThat(counted.getInteger("used_up")).isEqualTo(1);
    assertThat(counted.getInteger("remaining")).isEqualTo(2);
    assertThat(counted.getInteger("revoked")).isZero();
  }

  @Test
  @DisplayName("a batch of another tenant, an unknown one and a malformed id all answer 404 batch_not_found, and revoke nothing")
  void otherTenant() {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 2));
    Studio other = Studio.create(api);
    String batch = made.getString("batch_id");

    for (String path : List.of("/batches/" + batch, "/batches/" + batch + "/stats", "/batches/" + batch + "/export")) {
      Api.Response response = other.get(path);
      assertThat(response.status()).as(path).isEqualTo(404);
      assertThat(response.json().getString("error")).isEqualTo("batch_not_found");
    }
    assertThat(other.post("/batches/" + batch + "/revoke", new JsonObject()).status()).isEqualTo(404);
    assertThat(other.get("/definitions/" + def + "/batches").json().getString("error")).isEqualTo("definition_not_found");
    assertThat(studio.get("/batches/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(studio.get("/batches/not-a-uuid").status()).isEqualTo(404);
    assertThat(studio.get("/batches/" + batch).json().getInteger("revoked")).isZero();
  }

  @Test
  @DisplayName("a label longer than 200 characters, or not a string, is a 400 invalid_label and makes nothing")
  void hugeLabel() {
    String def = definition();

    Api.Response tooLong = studio.post("/definitions/" + def + "/coupons", new JsonObject().put("count", 1).put("label", "x".repeat(201)));
    Api.Response notText = studio.post("/definitions/" + def + "/coupons", new JsonObject().put("count", 1).put("label", 5));

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().getString("error")).isEqualTo("invalid_label");
    assertThat(notText.json().getString("error")).isEqualTo("invalid_label");
    assertThat(studio.get("/definitions/" + def + "/batches").json().getLong("total")).isZero();
  }

  @Test
  @DisplayName("revoking a small batch answers 200 with every code revoked, again 200 unchanged, one coupon.batch_revoked event")
  void revokeSmall() {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 5).put("label", "Leaked"));
    String batch = made.getString("batch_id");
    String code = made.getJsonArray("coupons").getJsonObject(0).getString("code");
    assertThat(studio.redeem(made.getJsonArray("coupons").getJsonObject(1).getString("code"), "early").status()).isEqualTo(200);

    Api.Response first = studio.post("/batches/" + batch + "/revoke", new JsonObject());
    Api.Response again = studio.post("/batches/" + batch + "/revoke", new JsonObject());

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getInteger("revoked")).isEqualTo(5);
    assertThat(first.json().getInteger("remaining")).isZero();
    assertThat(first.json().getString("revoked_at")).isNotNull();
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getInteger("revoked")).isEqualTo(5);
    assertThat(studio.redeem(code, "late").json().getString("message")).isEqualTo("Coupon status: revoked");
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status = 'revoked'", UUID.fromString(batch))).isEqualTo(5);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.batch_revoked' AND payload->>'batch_id' = ?", batch))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("revoking a batch above 1,000 codes is a job: 202, the same job when asked again, then every code revoked")
  void revokeJob() throws InterruptedException {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 1500));
    String batch = made.getString("batch_id");
    assertThat(Jobs.awaitEnd(api, studio, made.getString("job_id")).getString("status")).isEqualTo("done");

    Api.Response started = studio.post("/batches/" + batch + "/revoke", new JsonObject());
    Api.Response again = studio.post("/batches/" + batch + "/revoke", new JsonObject());

    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String jobId = started.json().getString("job_id");
    assertThat(started.json().getString("batch_id")).isEqualTo(batch);
    assertThat(again.status() == 202 ? again.json().getString("job_id") : null).isIn(jobId, null);
    JsonObject job = Jobs.awaitEnd(api, studio, jobId);
    assertThat(job.getString("status")).isEqualTo("done");
    assertThat(job.getString("kind")).isEqualTo("revoke");
    assertThat(job.getInteger("done")).isEqualTo(1500);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status <> 'revoked'", UUID.fromString(batch))).isZero();
    JsonObject after = studio.get("/batches/" + batch).json();
    assertThat(after.getInteger("revoked")).isEqualTo(1500);
    assertThat(after.getString("revoke_job_id")).isEqualTo(jobId);
    assertThat(studio.post("/batches/" + batch + "/revoke", new JsonObject()).status()).isEqualTo(200);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.batch_revoked' AND payload->>'batch_id' = ?", batch))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("from the answer of a revocation job on, codes its walk has not reached are refused as revoked: batched, under an Idempotency-Key, and by validate")
  void revokeJobStopsRedemptionsAtOnce() throws Exception {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 1500));
    String batch = made.getString("batch_id");
    assertThat(Jobs.awaitEnd(api, studio, made.getString("job_id")).getString("status")).isEqualTo("done");
    List<String> byId = Seed.strings("SELECT id::text || ' ' || code FROM coupons WHERE batch_id = ?::uuid", UUID.fromString(batch))
        .stream().sorted().toList();
    UUID firstId = UUID.fromString(byId.get(0).split(" ")[0]);
    List<String> lastCodes = byId.subList(byId.size() - 3, byId.size()).stream().map(line -> line.split(" ")[1]).toList();
    String revoked = "{\"error\":\"coupon_revoked\",\"message\":\"Coupon status: revoked\"}";

    JsonObject validBefore = studio.get("/validate/" + lastCodes.get(2)).json(); // whatever a lookup may keep of it
    Seed.update("UPDATE coupons SET user_id = 'holder' WHERE code = ?", byId.get(byId.size() - 4).split(" ")[1]);

    try (Connection walkBlocker = TestBackends.get().jdbc()) {
      walkBlocker.setAutoCommit(false);
      lockCoupon(walkBlocker, firstId); // the walk goes by id: its first chunk waits here, so it revokes no code yet
      Api.Response started = studio.post("/batches/" + batch + "/revoke", new JsonObject());

      Api.Response batched = studio.redeem(lastCodes.get(0), "late1");
      Api.Response keyed = api.send("POST", studio.path("/redeem/" + lastCodes.get(1)), "{\"user_id\": \"late2\"}",
          studio.server, List.of("Idempotency-Key", UUID.randomUUID().toString()));
      JsonObject validated = studio.get("/validate/" + lastCodes.get(2)).json();
      JsonObject holders = studio.get("/user/holder").json();
      long revokedByTheWalk = Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status = 'revoked'",
          UUID.fromString(batch));
      walkBlocker.rollback();

      assertThat(validBefore.getBoolean("valid")).isTrue();
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      assertThat(revokedByTheWalk).isZero();
      assertThat(batched.status()).isEqualTo(400);
      assertThat(batched.json()).isEqualTo(new JsonObject(revoked));
      assertThat(keyed.status()).isEqualTo(400);
      assertThat(keyed.json()).isEqualTo(new JsonObject(revoked));
      assertThat(validated.getBoolean("valid")).isFalse();
      assertThat(validated.getString("error")).isEqualTo("Coupon status: revoked");
      assertThat(holders.getJsonArray("coupons").getJsonObject(0).getString("status")).as("the player's own list").isEqualTo("revoked");
      assertThat(Jobs.awaitEnd(api, studio, started.json().getString("job_id")).getString("status")).isEqualTo("done");
    }
    assertThat(Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.batch_id = ?::uuid",
        UUID.fromString(batch))).isZero();
  }

  @Test
  @DisplayName("a batch whose generation job has not ended cannot be revoked yet: 409 batch_generating")
  void revokeWhileGenerating() {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 50_000));

    Api.Response revoke = studio.post("/batches/" + made.getString("batch_id") + "/revoke", new JsonObject());

    assertThat(revoke.status()).as(revoke.body()).isEqualTo(409);
    assertThat(revoke.json().getString("error")).isEqualTo("batch_generating");
  }

  @Test
  @DisplayName("a batch's export holds its codes only, with the coupons export's header")
  void export() {
    String def = definition();
    generate(def, new JsonObject().put("count", 4));
    JsonObject made = generate(def, new JsonObject().put("user_ids", new JsonArray().add("=cmd").add("b")));

    Api.Response csv = studio.get("/batches/" + made.getString("batch_id") + "/export");

    assertThat(csv.status()).isEqualTo(200);
    String[] lines = csv.body().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).isEqualTo("id,code,user_id,status,redemption_count,expires_at");
    assertThat(csv.body()).contains(",'=cmd,active,0,");
  }

  @Test
  @DisplayName("batch routes refuse a player's JWT with 403 and an unsigned request with 401")
  void serversOnly() {
    String def = definition();
    String batch = generate(def, new JsonObject().put("count", 1)).getString("batch_id");
    Api.Auth player = Credentials.bearer(Credentials.tenantJwt(studio.tenantId, studio.secret, "p1", 300));

    assertThat(api.get(studio.path("/batches/" + batch), player).status()).isEqualTo(403);
    assertThat(api.post(studio.path("/batches/" + batch + "/revoke"), new JsonObject(), player).status()).isEqualTo(403);
    assertThat(api.get(studio.path("/definitions/" + def + "/stats"), Api.NONE).status()).isEqualTo(401);
    assertThat(studio.get("/batches/" + batch).json().getInteger("revoked")).isZero();
  }

  @Test
  @DisplayName("no code of a batch is redeemed once its revocation has answered, while redemptions race with it")
  void revokeRacesRedemptions() throws Exception {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 400));
    String batch = made.getString("batch_id");
    JsonArray coupons = made.getJsonArray("coupons");
    List<java.util.concurrent.CompletableFuture<Api.Response>> early = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String code = coupons.getJsonObject(i).getString("code");
      early.add(api.sendAsync("POST", studio.path("/redeem/" + code), new JsonObject().put("user_id", "p" + i).encode(),
          studio.server, List.of()));
    }

    Api.Response revoke = studio.post("/batches/" + batch + "/revoke", new JsonObject());
    List<Api.Response> late = new ArrayList<>();
    for (int i = 200; i < 400; i++) {
      late.add(studio.redeem(coupons.getJsonObject(i).getString("code"), "p" + i));
    }

    assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
    assertThat(late).allSatisfy(r -> assertThat(r.status()).isEqualTo(400));
    long redeemedEarly = early.stream().map(java.util.concurrent.CompletableFuture::join).filter(r -> r.status() == 200).count();
    assertThat(Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.batch_id = ?::uuid",
        UUID.fromString(batch))).isEqualTo(redeemedEarly);
    JsonObject counted = Await.until(() -> studio.get("/batches/" + batch).json(), b -> b.getLong("redeemed") == redeemedEarly);
    assertThat(counted.getInteger("revoked")).isEqualTo(400);
    assertThat(counted.getInteger("used_up")).isZero();
    assertThat(counted.getInteger("remaining")).isZero();
  }

  @Test
  @DisplayName("a revocation that PostgreSQL ends as a deadlock's victim, against a transaction locking the batch's codes in the other order, runs again and answers 200")
  void revokeOutlivesDeadlock() throws Exception {
    String batch = generate(definition(), new JsonObject().put("count", 2)).getString("batch_id");
    List<UUID> ids = Seed.strings("SELECT id FROM coupons WHERE batch_id = ?::uuid", UUID.fromString(batch))
        .stream().map(UUID::fromString).sorted().toList();

    try (Connection other = TestBackends.get().jdbc()) {
      other.setAutoCommit(false);
      lockCoupon(other, ids.get(1));
      CompletableFuture<Api.Response> revoke = api.sendAsync("POST", studio.path("/batches/" + batch + "/revoke"), "{}",
          studio.server, List.of());
      // The revocation locks the codes by id: waiting for the second, it holds the first, which this connection asks next.
      int holder = backendPid(other);
      Await.until(() -> Seed.count("SELECT count(*) FROM pg_stat_activity WHERE ?::int = ANY (pg_blocking_pids(pid))",
          holder), waiting -> waiting == 1);
      lockCoupon(other, ids.get(0));
      other.commit();

      Api.Response revoked = revoke.join();
      assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
      assertThat(revoked.json().getInteger("revoked")).isEqualTo(2);
    }
  }

  private static int backendPid(Connection conn) throws SQLException {
    try (PreparedStatement pid = conn.prepareStatement("SELECT pg_backend_pid()"); var rows = pid.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void lockCoupon(Connection conn, UUID id) throws SQLException {
    try (PreparedStatement lock = conn.prepareStatement("SELECT 1 FROM coupons WHERE id = ? FOR UPDATE")) {
      lock.setObject(1, id);
      lock.executeQuery().close();
    }
  }

  @Test
  @DisplayName("two revocations of one batch at once: one revokes, both answer the batch revoked, one event")
  void concurrentRevokes() {
    String def = definition();
    String batch = generate(def, new JsonObject().put("count", 50)).getString("batch_id");

    List<java.util.concurrent.CompletableFuture<Api.Response>> both = List.of(
        api.sendAsync("POST", studio.path("/batches/" + batch + "/revoke"), "{}", studio.server, List.of("X-Request-Id", "a")),
        api.sendAsync("POST", studio.path("/batches/" + batch + "/revoke"), "{} ", studio.server, List.of("X-Request-Id", "b")));

    assertThat(both).allSatisfy(f -> {
      Api.Response r = f.join();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().getInteger("revoked")).isEqualTo(50);
    });
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE type = 'coupon.batch_revoked' AND payload->>'batch_id' = ?", batch))
        .isEqualTo(1);
    assertThat(studio.get("/definitions/" + def + "/stats").json().getLong("revoked")).isEqualTo(50);
  }

  @Test
  @DisplayName("a coupon revoked alone, then its batch: counted once on the batch and the definition")
  void revokedAloneThenBatch() {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 3));
    String batch = made.getString("batch_id");

    studio.post("/coupons/" + made.getJsonArray("coupons").getJsonObject(0).getString("id") + "/revoke", new JsonObject());
    JsonObject after = studio.post("/batches/" + batch + "/revoke", new JsonObject()).json();

    assertThat(after.getInteger("revoked")).isEqualTo(3);
    assertThat(studio.get("/definitions/" + def + "/stats").json().getLong("revoked")).isEqualTo(3);
    assertThat(studio.post("/batches/" + batch + "/revoke", new JsonObject()).json().getInteger("revoked")).isEqualTo(3);
  }

  @Test
  @DisplayName("redemptions racing a revocation job: each succeeds or is refused as revoked, and none once the job is done")
  void revokeJobRacesRedemptions() throws Exception {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("user_ids", new JsonArray(java.util.stream.IntStream.range(0, 1200)
        .mapToObj(i -> "p" + i).toList())));
    assertThat(Jobs.awaitEnd(api, studio, made.getString("job_id")).getString("status")).isEqualTo("done");
    String batch = made.getString("batch_id");
    List<String[]> codes = new ArrayList<>();
    for (String line : studio.get("/batches/" + batch + "/export").body().split("\n")) {
      String[] fields = line.split(",");
      if (!fields[0].equals("id")) {
        codes.add(new String[] {fields[1], fields[2]});
      }
    }

    Api.Response started = studio.post("/batches/" + batch + "/revoke", new JsonObject());
    List<java.util.concurrent.CompletableFuture<Api.Response>> racing = new ArrayList<>();
    for (String[] code : codes.subList(0, 300)) {
      racing.add(api.sendAsync("POST", studio.path("/redeem/" + code[0]), new JsonObject().put("user_id", code[1]).encode(),
          studio.server, List.of()));
    }
    assertThat(Jobs.awaitEnd(api, studio, started.json().getString("job_id")).getString("status")).isEqualTo("done");
    List<Api.Response> after = new ArrayList<>();
    for (String[] code : codes.subList(0, 300)) {
      after.add(studio.redeem(code[0], code[1]));
    }

    assertThat(racing.stream().map(java.util.concurrent.CompletableFuture::join))
        .allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 400));
    assertThat(after).allSatisfy(r -> assertThat(r.json().getString("message")).isEqualTo("Coupon status: revoked"));
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status <> 'revoked'", UUID.fromString(batch))).isZero();
  }

  @Test
  @DisplayName("a used-up code revoked with its batch stays revoked when its redemption is rolled back, and the counts agree with the tables")
  void revokedThenRolledBack() {
    String def = definition();
    JsonObject made = generate(def, new JsonObject().put("count", 2));
    String batch = made.getString("batch_id");
    String code = made.getJsonArray("coupons").getJsonObject(0).getString("code");
    String redemption = studio.redeem(code, "p1").json().getString("redemption_id");
    Await.until(() -> studio.get("/batches/" + batch).json(), b -> b.getInteger("used_up") == 1);

    assertThat(studio.post("/batches/" + batch + "/revoke", new JsonObject()).json().getInteger("used_up")).isZero();
    Api.Response rollback = studio.post("/redemptions/" + redemption + "/rollback", new JsonObject().put("reason", "support"));
    Api.Response again = studio.redeem(code, "p1");

    assertThat(rollback.status()).as(rollback.body()).isEqualTo(200);
    assertThat(again.json().getString("message")).isEqualTo("Coupon status: revoked");
    JsonObject counted = Await.until(() -> studio.get("/batches/" + batch).json(), b -> b.getLong("redeemed") == 0);
    assertThat(counted.getInteger("revoked")).isEqualTo(2);
    assertThat(counted.getInteger("remaining")).isZero();
    assertThat(Seed.count("SELECT used_up FROM coupon_batches WHERE id = ?::uuid", UUID.fromString(batch)))
        .isEqualTo(Seed.count("SELECT count(*) FROM coupons WHERE batch_id = ?::uuid AND status = 'redeemed'", UUID.fromString(batch)))
        .isZero();
    JsonObject stats = Await.until(() -> studio.get("/definitions/" + def + "/stats").json(), st -> st.getLong("rollbacks") == 1);
    assertThat(stats.getLong("redeemed")).isZero();
    assertThat(stats.getLong("unique_players")).isZero();
  }

  @Test
  @DisplayName("coupons revoked one by one while their batch is revoked: every request answers 200, each code counted once")
  void revokedAloneDuringBatch() {
    for (int round = 0; round < 3; round++) {
      String def = definition();
      JsonObject made = generate(def, new JsonObject().put("count", 60));
      String batch = made.getString("batch_id");
      List<java.util.concurrent.CompletableFuture<Api.Response>> racing = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        racing.add(api.sendAsync("POST", studio.path("/coupons/" + made.getJsonArray("coupons").getJsonObject(i).getString("id") + "/revoke"),
            "{}", studio.server, List.of()));
        if (i == 20) {
          racing.add(api.sendAsync("POST", studio.path("/batches/" + batch + "/revoke"), "{}", studio.server, List.of()));
        }
      }

      assertThat(racing.stream().map(java.util.concurrent.CompletableFuture::join))
          .allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
      assertThat(studio.get("/batches/" + batch).json().getInteger("revoked")).isEqualTo(60);
      assertThat(studio.get("/definitions/" + def + "/stats").json().getLong("revoked")).isEqualTo(60);
    }
  }
}
