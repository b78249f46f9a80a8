package gg.phoenix.coupons.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A captured HMAC-signed write sent again, as is or with a query or Idempotency-Key changed, is refused with
 * 401 replayed_request: on the instance that accepted it, on another, and with Redis away on the same one.
 */
@ExtendWith(TestService.class)
class ReplayTest {

  /** A second instance on the same PostgreSQL and Redis. */
  @RegisterExtension
  static final TestService OTHER = TestService.another(new JsonObject());
  /** An instance whose Redis does not answer. */
  @RegisterExtension
  static final TestService NO_REDIS = TestService.another(new JsonObject()
      .put("REDIS_URL", "redis://127.0.0.1:" + TestApp.freePorts(1)[0]).put("REDIS_TIMEOUT_MS", 200));

  @Fixture private static Api api;
  private static Api other;
  private static Api noRedis;
  private static Redis redisClient;
  private static RedisAPI redis;

  @Fixture private Studio studio;

  @BeforeAll
  static void connect(Vertx vertx) {
    other = OTHER.api();
    noRedis = NO_REDIS.api();
    redisClient = Redis.createClient(vertx, TestBackends.get().redisUrl);
    redis = RedisAPI.api(redisClient);
  }

  @AfterAll
  static void close() {
    redisClient.close();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A three-use coupon of the player. */
  private String couponFor(String userId) {
    String definition = studio.definition(new JsonObject().put("usage_limit", Studio.perUser(3, null))).getString("id");
    Api.Response made = studio.post("/definitions/" + definition + "/coupons", new JsonObject().put("user_ids", new JsonArray().add(userId)));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    return made.json().getJsonArray("coupons").getJsonObject(0).getString("code");
  }

  private long redemptions(String code) {
    return Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.tenant_id = ? AND c.code = ?",
        studio.tenantId, code);
  }

  /** A request signed once, at {@code timestamp}: sending it again is sending the same bytes. */
  private Api.Auth captured(long timestamp) {
    return Credentials.hmacAt(studio.tenantId, studio.secret, timestamp);
  }

  private static void assertReplayed(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.json().getString("error")).isEqualTo("replayed_request");
  }

  private List<String> replayKeys() {
    Response keys = redis.keys("coupons:replay:{" + studio.tenantId + "}:*").await();
    return keys.stream().map(Response::toString).toList();
  }

  @Test
  @DisplayName("one captured redeem of a 3-use coupon sent three times spends one use: the repeats answer 401 replayed_request")
  void redeemThreeTimes() {
    String code = couponFor("u1");
    String body = new JsonObject().put("user_id", "u1").encode();
    long ts = now();
    Api.Auth once = captured(ts);

    List<Api.Response> answers = IntStream.range(0, 3)
        .mapToObj(i -> api.send("POST", studio.path("/redeem/" + code), body, once, List.of())).toList();

    assertThat(answers.get(0).status()).isEqualTo(200);
    assertReplayed(answers.get(1));
    assertReplayed(answers.get(2));
    assertThat(redemptions(code)).isEqualTo(1);
    // the coupon had uses left: a request signed anew still redeems
    assertThat(api.send("POST", studio.path("/redeem/" + code), body, captured(ts - 1), List.of()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a signed generate {count: 3} replayed without its Idempotency-Key, or with another, answers 401 and makes no second batch")
  void generateWithKeyChanged() {
    String definition = studio.definition(new JsonObject()).getString("id");
    String path = studio.path("/definitions/" + definition + "/coupons");
    String body = new JsonObject().put("count", 3).encode();
    Api.Auth once = captured(now());

    Api.Response first = api.send("POST", path, body, once, List.of("Idempotency-Key", "k1"));
    Api.Response withoutKey = api.send("POST", path, body, once, List.of());
    Api.Response otherKey = api.send("POST", path, body, once, List.of("Idempotency-Key", "k2"));

    assertThat(first.status()).isEqualTo(201);
    assertReplayed(withoutKey);
    assertReplayed(otherKey);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid", definition)).isEqualTo(3);
  }

  @Test
  @DisplayName("a replayed PATCH {status: active} does not re-activate a definition the studio paused since")
  void patchReplay() {
    String definition = studio.definition(new JsonObject()).getString("id");
    String path = studio.path("/definitions/" + definition);
    long ts = now();
    String activate = new JsonObject().put("status", "active").encode();
    assertThat(api.send("PATCH", path, activate, captured(ts), List.of()).status()).isEqualTo(200);
    assertThat(api.send("PATCH", path, new JsonObject().put("status", "paused").encode(), captured(ts), List.of()).status()).isEqualTo(200);

    assertReplayed(api.send("PATCH", path, activate, captured(ts), List.of()));
    assertThat(studio.get("/definitions/" + definition).json().getString("status")).isEqualTo("paused");
  }

  @Test
  @DisplayName("a write signed over its bare path does not carry an added query: POST /redeem/X?user_id=u2 answers 401")
  void queryAddedToWrite() {
    String code = couponFor("u1");
    String bare = studio.path("/redeem/" + code);
    String body = new JsonObject().put("user_id", "u1").encode();
    long ts = now();
    Api.Auth signedBare = (request, method, path, sent) -> request.header("X-Tenant-Id", studio.tenantId)
        .header("X-Timestamp", String.valueOf(ts)).header("X-Signature", Credentials.signature(studio.secret, method, bare, String.valueOf(ts), sent));

    Api.Response response = api.send("POST", bare + "?user_id=u2", body, signedBare, List.of());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().getString("message")).isEqualTo("Invalid HMAC signature");
    assertThat(redemptions(code)).isZero();
    // signed with its query, the same write is accepted
    assertThat(api.send("POST", bare + "?note=1", body, captured(ts), List.of()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a redeem accepted by one instance is refused as a replay by another (the signature is claimed in Redis)")
  void otherInstance() {
    String code = couponFor("u1");
    String body = new JsonObject().put("user_id", "u1").encode();
    Api.Auth once = captured(now());

    assertThat(api.send("POST", studio.path("/redeem/" + code), body, once, List.of()).status()).isEqualTo(200);
    assertReplayed(other.send("POST", studio.path("/redeem/" + code), body, once, List.of()));
    assertThat(redemptions(code)).isEqualTo(1);
  }

  @Test
  @DisplayName("with Redis away, the instance still refuses a replay it has seen (its own memory of signatures)")
  void redisAway() {
    String code = couponFor("u1");
    String body = new JsonObject().put("user_id", "u1").encode();
    Api.Auth once = captured(now());

    Api.Response first = noRedis.send("POST", studio.path("/redeem/" + code), body, once, List.of());
    Api.Response again = noRedis.send("POST", studio.path("/redeem/" + code), body, once, List.of());

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertReplayed(again);
    assertThat(redemptions(code)).isEqualTo(1);
  }

  @Test
  @DisplayName("the same signature spelled in upper-case hex is the same signature: 401 replayed_request")
  void reCasedSignature() {
    String code = couponFor("u1");
    String body = new JsonObject().put("user_id", "u1").encode();
    String ts = String.valueOf(now());
    String signature = Credentials.signature(studio.secret, "POST", studio.path("/redeem/" + code), ts, body);
    List<String> headers = List.of("X-Tenant-Id", studio.tenantId, "X-Timestamp", ts);

    Api.Response first = api.send("POST", studio.path("/redeem/" + code), body, Api.NONE, join(headers, "X-Signature", signature));
    Api.Response upper = api.send("POST", studio.path("/redeem/" + code), body, Api.NONE,
        join(headers, "X-Signature", "hmac-sha256=" + signature.substring("hmac-sha256=".length()).toUpperCase()));

    assertThat(first.status()).isEqualTo(200);
    assertReplayed(upper);
  }

  @Test
  @DisplayName("reads are not checked: one signed GET sent three times answers 200 each time and sends Redis no replay command")
  void readsAreFree() throws Exception {
    couponFor("u1");
    Api.Auth once = captured(now());
    String marker = "coupons:replay:{" + studio.tenantId + "}";

    List<String> commands = RedisCommands.during(() -> {
      for (int i = 0; i < 3; i++) {
        assertThat(api.send("GET", studio.path("/user/u1"), null, once, List.of()).status()).isEqualTo(200);
        assertThat(api.send("GET", studio.path("/validate/NOPE"), null, once, List.of()).status()).isEqualTo(200);
      }
    });
    List<String> writes = RedisCommands.during(() -> assertThat(studio.post("/reward-items",
        new JsonObject().put("name", "x").put("reward_type", "points")).status()).isEqualTo(201));

    assertThat(commands).noneMatch(line -> line.contains(marker));
    // the same watch sees the one a write sends
    assertThat(writes).filteredOn(line -> line.contains(marker)).hasSize(1).allMatch(line -> line.contains("\"NX\""));
  }

  @Test
  @DisplayName("Redis holds a hash of the signature, not the signature, for as long as the timestamp is acceptable (at most 601 s, plus 5 s for clocks)")
  void keyHoldsAHash() {
    String code = couponFor("u1");
    String body = new JsonObject().put("user_id", "u1").encode();
    long ts = now();
    String hex = Credentials.signature(studio.secret, "POST", studio.path("/redeem/" + code), String.valueOf(ts), body).substring(12);
    List<String> before = replayKeys();

    assertThat(api.send("POST", studio.path("/redeem/" + code), body, captured(ts), List.of()).status()).isEqualTo(200);

    List<String> added = replayKeys().stream().filter(key -> !before.contains(key)).toList();
    assertThat(added).hasSize(1);
    assertThat(added.get(0).toLowerCase()).doesNotContain(hex).doesNotContain(studio.secret.toLowerCase());
    long ttl = redis.ttl(added.get(0)).await().toLong();
    assertThat(ttl).isBetween(290L, 606L);
  }

  @Test
  @DisplayName("a retry signed anew with the same Idempotency-Key gets the stored answer, not a second redemption")
  void retrySignedAnew() {
    String code = couponFor("u1");
    String body = new JsonObject().put("user_id", "u1").encode();
    String key = UUID.randomUUID().toString();
    long ts = now();

    Api.Response first = api.send("POST", studio.path("/redeem/" + code), body, captured(ts), List.of("Idempotency-Key", key));
    Api.Response retry = api.send("POST", studio.path("/redeem/" + code), body, captured(ts - 1), List.of("Idempotency-Key", key));

    assertThat(first.status()).isEqualTo(200);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(redemptions(code)).isEqualTo(1);
  }

  private static List<String> join(List<String> headers, String name, String value) {
    List<String> all = new java.util.ArrayList<>(headers);
    all.add(name);
    all.add(value);
    return all;
  }
}
