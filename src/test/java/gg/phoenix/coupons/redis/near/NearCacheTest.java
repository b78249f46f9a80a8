package gg.phoenix.coupons.redis.near;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The near cache: instances A and B (two Vert.x instances: nothing shared but PostgreSQL and Redis) keep public
 * codes, definition views and lockouts in memory, and hear each other's changes over Redis pub/sub. Redis traffic
 * is watched with MONITOR, picked out by the test's own tenant and definition ids.
 */
class NearCacheTest {

  private static final int LIMIT = 3;
  private static final int WINDOW_SECONDS = 20;
  private static final JsonObject CONFIG = new JsonObject()
      .put("CACHE_TTL_SECONDS", 600)
      .put("LOOKUP_FAILURE_LIMIT", LIMIT)
      .put("LOOKUP_FAILURE_WINDOW_SECONDS", WINDOW_SECONDS);

  /** Instance A, on a Redis database of its own. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(CONFIG).onOwnRedisDatabase();
  /** Instance B, on the same PostgreSQL and Redis database. */
  @RegisterExtension
  static final TestService B = TestService.another(CONFIG).onOwnRedisDatabase();

  private static final List<Vertx> OTHERS = new ArrayList<>();
  @Fixture private static Vertx vertx;
  @Fixture private static GuardRedis redis;
  private static RedisMonitor monitor;
  @Fixture private Studio viaA;
  private Studio viaB;
  private String code;

  @BeforeAll
  static void startMonitor() throws Exception {
    monitor = new RedisMonitor();
  }

  /** One more instance, C, beside A and B. */
  private static Api startAnother() throws Exception {
    Vertx other = Vertx.vertx();
    OTHERS.add(other);
    return TestApp.start(other, GuardRedis.serviceConfig(vertx).mergeIn(CONFIG));
  }

  @AfterAll
  static void close() throws Exception {
    monitor.close();
    for (Vertx other : OTHERS) {
      other.close().await(30, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void sameTenantThroughB() {
    viaB = new Studio(B.api(), viaA.tenantId, viaA.secret);
    code = Seed.uniqueCode("NEAR");
  }

  private String publicCode(Integer totalCap) {
    return viaB.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, totalCap))).getString("id");
  }

  private static JsonObject validate(Studio studio, String code) {
    Api.Response response = studio.get("/validate/" + code);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /**
   * Validates through A until A answers from memory: the Redis entries are filled (not awaited by the service) and
   * a validate mentions the tenant in no Redis command (A may still be subscribing again after another test).
   */
  private void servedFromMemoryByA(String definitionId) {
    validate(viaA, code);
    redis.awaitKey(CacheKeys.publicCode(viaA.tenantId, code));
    redis.awaitKey(CacheKeys.definitionView(viaA.tenantId, definitionId));
    GuardRedis.awaitTrue(() -> {
      monitor.clear();
      validate(viaA, code);
      return monitor.mentioning(viaA.tenantId, redis).isEmpty();
    }, "A to serve the code from memory");
    monitor.clear();
  }

  private Api.Response validateAs(Studio studio, String userId) {
    return studio.get("/validate/" + code + "?user_id=" + userId);
  }

  /** Unknown codes through {@code studio} until {@code userId} is locked out, waiting until Redis has counted them. */
  private void lockOut(Studio studio, String userId) {
    for (int i = 0; i < LIMIT; i++) {
      assertThat(studio.get("/validate/GUESS" + i + Seed.uniqueCode("") + "?user_id=" + userId).json().getString("error"))
          .isEqualTo("Coupon code not found");
    }
    String key = CacheKeys.failedLookups(studio.tenantId, "user:" + userId);
    GuardRedis.awaitTrue(() -> Integer.valueOf(LIMIT).equals(redis.integer(key)), "3 misses counted at " + key);
  }

  private static void assertLockedOut(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(429);
    int retryAfter = Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1, WINDOW_SECONDS);
    assertThat(response.json()).isEqualTo(new JsonObject().put("error", "too_many_attempts")
        .put("message", "Too many unknown codes; try again in " + retryAfter + " seconds"));
  }

  @Test
  @DisplayName("50 validations of a cached public code without a total cap send nothing to Redis but the tenant budget's lease, at most once a second")
  void steadyStateWithoutRedis() {
    String definitionId = publicCode(null);
    servedFromMemoryByA(definitionId);
    long started = System.nanoTime();

    for (int i = 0; i < 50; i++) {
      assertThat(validate(viaA, code).getBoolean("valid")).isTrue();
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    List<String> budgetLeases = monitor.mentioning(CacheKeys.tenantBudget(viaA.tenantId), redis);
    assertThat(monitor.mentioning(viaA.tenantId, redis)).isEqualTo(budgetLeases);
    // one lease a second, plus one asked for before the loop whose command the monitor may show late
    assertThat(budgetLeases.size()).as(String.join("\n", budgetLeases)).isLessThanOrEqualTo((int) (elapsedMs / 1_000) + 2);
    assertThat(monitor.mentioning(definitionId, redis)).isEmpty();
  }

  @Test
  @DisplayName("validations of a cached public code with a total cap read its use counter from Redis at most once per snapshot lifetime, and nothing else")
  void cappedCodeReadsOnlyTheCounter() {
    String definitionId = publicCode(100);
    servedFromMemoryByA(definitionId);
    long started = System.nanoTime();

    for (int i = 0; i < 50; i++) {
      assertThat(validate(viaA, code).getBoolean("valid")).isTrue();
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(monitor.mentioning(viaA.tenantId, redis)).isEmpty();
    List<String> counterReads = monitor.mentioning(definitionId, redis);
    assertThat(counterReads).allSatisfy(line -> assertThat(line)
        .contains("\"get\"", CacheKeys.totalUses(UUID.fromString(definitionId))));
    assertThat(counterReads.size()).isLessThanOrEqualTo((int) (elapsedMs / TotalUses.LIFETIME_MILLIS) + 1);
  }

  @Test
  @DisplayName("once the last use of a capped public code is redeemed through an instance, that instance's next validate says 'Usage limit exceeded'")
  void lastUseSeenAtOnceHere() {
    publicCode(1);
    assertThat(validate(viaA, code).getBoolean("valid")).isTrue();
    assertThat(validate(viaA, code).getBoolean("valid")).isTrue();

    assertThat(viaA.redeem(code, "winner").status()).isEqualTo(200);
    JsonObject after = validate(viaA, code);

    assertThat(after.getBoolean("valid")).isFalse();
    assertThat(after.getString("error")).isEqualTo("Usage limit exceeded");
  }

  @Test
  @DisplayName("a definition paused through instance B is refused as paused by instance A within a second, though A served it from memory")
  void changeThroughOtherInstance() {
    String definitionId = publicCode(null);
    servedFromMemoryByA(definitionId);

    Api.Response patched = viaB.patch("/definitions/" + definitionId, new JsonObject().put("status", "paused"));

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    GuardRedis.awaitTrue(() -> "Coupon definition is paused".equals(validate(viaA, code).getString("error")),
        "A to see the pause");
  }

  @Test
  @DisplayName("a player locked out through instance A is refused 429 by instance B, without B counting a miss")
  void lockoutSeenByOtherInstance() {
    publicCode(null);
    lockOut(viaA, "guesser");

    GuardRedis.awaitTrue(() -> validateAs(viaB, "guesser").status() == 429, "B to refuse the guesser");
    assertLockedOut(validateAs(viaB, "guesser"));
    assertThat(validateAs(viaB, "someone-else").json().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("an instance started after a lockout refuses the locked-out player though the miss counter is gone: it loaded the lockouts in force")
  void lockoutLoadedByNewInstance() throws Exception {
    publicCode(null);
    lockOut(viaA, "guesser");
    redis.del(List.of(CacheKeys.failedLookups(viaA.tenantId, "user:guesser")));

    Studio viaC = new Studio(startAnother(), viaA.tenantId, viaA.secret);

    assertLockedOut(viaC.get("/validate/" + code + "?user_id=guesser"));
    assertLockedOut(validateAs(viaA, "guesser"));
    assertThat(viaC.get("/validate/" + code + "?user_id=someone-else").json().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("after its subscription is cut, an instance answers correctly meanwhile and serves from memory again once subscribed again")
  void subscriptionCut() {
    String definitionId = publicCode(null);
    validate(viaA, code);

    killSubscriptions();
    Api.Response patched = viaB.patch("/definitions/" + definitionId, new JsonObject().put("status", "paused"));
    JsonObject meanwhile = validate(viaA, code);

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(meanwhile.getString("error")).isEqualTo("Coupon definition is paused");
    // Paused, the code is refused before its definition view is read: only the code's row is cached.
    GuardRedis.awaitTrue(() -> {
      monitor.clear();
      validate(viaA, code);
      return monitor.mentioning(viaA.tenantId, redis).isEmpty();
    }, "A to serve the code from memory again");
  }

  /** Cuts the service's pub/sub connections (those subscribed on this run's database). */
  private static void killSubscriptions() {
    String db = "db=" + GuardRedis.serviceConfig(vertx).getString("REDIS_URL").replaceFirst(".*/", "");
    Response clients = redis.command(Command.CLIENT, "LIST", "TYPE", "pubsub");
    int killed = 0;
    for (String line : clients.toString().split("\n")) {
      if (line.contains(" " + db + " ")) {
        String id = line.replaceFirst("^id=(\\d+) .*$", "$1").strip();
        redis.command(Command.CLIENT, "KILL", "ID", id);
        killed++;
      }
    }
    assertThat(killed).as("subscriptions killed").isPositive();
  }

  /** Own coupons of the test's tenant, unassigned and single-use. */
  private List<String> ownCodes(int count) {
    UUID definition = Seed.definition(viaA.tenantId, Seed.rewardItem(viaA.tenantId), DefinitionSpec.singleUse());
    List<String> codes = IntStream.range(0, count).mapToObj(i -> Seed.uniqueCode("OWN")).toList();
    codes.forEach(own -> Seed.coupon(viaA.tenantId, definition, null, own));
    return codes;
  }

  /** Validates {@code own} through A until A has read which of the tenant's codes are public and asks Redis nothing of it. */
  private void publicCodesKnownByA(String own) {
    GuardRedis.awaitTrue(() -> {
      monitor.clear();
      validate(viaA, own);
      return monitor.mentioning(CacheKeys.publicCode(viaA.tenantId, ""), redis).isEmpty();
    }, "A to know the tenant's public codes");
    monitor.clear();
  }

  @Test
  @DisplayName("once an instance knows a tenant's public codes, validating any other code of the tenant asks Redis for no public-code entry")
  void ownCodesSkipRedis() {
    List<String> codes = ownCodes(20);
    publicCodesKnownByA(codes.get(0));

    for (String own : codes) {
      assertThat(validate(viaA, own).getBoolean("valid")).as(own).isTrue();
      assertThat(validate(viaA, own.toLowerCase(Locale.ROOT)).getBoolean("valid")).as(own).isTrue();
    }

    assertThat(monitor.mentioning(CacheKeys.publicCode(viaA.tenantId, ""), redis)).isEmpty();
  }

  @Test
  @DisplayName("a public code created through another instance after this one read the tenant's public codes validates here at once, in any letter case")
  void publicCodeCreatedElsewhereAfterwards() {
    publicCodesKnownByA(ownCodes(1).get(0));

    publicCode(null);

    JsonObject answer = validate(viaA, code.toLowerCase(Locale.ROOT));
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
    assertThat(answer.getJsonObject("definition")).isNotNull();
  }

  @Test
  @DisplayName("a public code written to PostgreSQL with no announcement at all (a lost message) after the tenant's public codes were read is still found")
  void publicCodeWithoutAnnouncement() {
    publicCodesKnownByA(ownCodes(1).get(0));
    UUID definition = Seed.definition(viaA.tenantId, Seed.rewardItem(viaA.tenantId), DefinitionSpec.singleUse());
    Seed.update("INSERT INTO coupons (tenant_id, definition_id, kind, code) VALUES (?, ?, 'public', ?)",
        viaA.tenantId, definition, code);

    JsonObject answer = validate(viaA, code);
    assertThat(answer.getBoolean("valid")).as(answer.encode()).isTrue();
    assertThat(answer.getValue("coupon")).isNull();
    assertThat(answer.getJsonObject("definition").getString("id")).isEqualTo(definition.toString());
  }

  @Test
  @DisplayName("a tenant with more public codes than an instance keeps reads them once per near-cache lifetime, not on every validate")
  void tooManyPublicCodesReadOnce() {
    List<String> codes = ownCodes(12);
    Seed.update("""
        INSERT INTO coupon_definitions (tenant_id, name, config, reward_item_id)
        SELECT ?, 'Many', jsonb_build_object('code_format', 'fixed', 'code', 'MANY' || g), ?
        FROM generate_series(1, 1001) AS g""", viaA.tenantId, Seed.rewardItem(viaA.tenantId));
    assertThat(validate(viaA, codes.get(0)).getBoolean("valid")).isTrue(); // reads the tenant's public codes
    GuardRedis.awaitTrue(() -> {
      long before = Counters.COUPON_QUERIES.get();
      validate(viaA, codes.get(1));
      return Counters.COUPON_QUERIES.get() - before == 1;
    }, "A to have read the tenant's public codes");
    long before = Counters.COUPON_QUERIES.get();

    for (String own : codes.subList(2, codes.size())) {
      assertThat(validate(viaA, own).getBoolean("valid")).as(own).isTrue();
    }

    // one lookup per validate, and one more read of the public codes should the near cache's lifetime end meanwhile
    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements").isBetween((long) codes.size() - 2, (long) codes.size() - 1);
  }
}
