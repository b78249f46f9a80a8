package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.coupon.Attempts.ALREADY_REDEEMED;
import static gg.phoenix.coupons.coupon.Attempts.LIMIT_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis losing everything (FLUSHALL, a restart) between and during concurrent redemptions: the counters are
 * seeded again and PostgreSQL's conditional update keeps the limits exact. The service has a Redis database of
 * its own (see {@link GuardRedis}); FLUSHDB on it is FLUSHALL as far as the service can tell.
 */
class RedisFlushTest {

  @RegisterExtension
  static final TestService SERVICE = new TestService().onOwnRedisDatabase();

  @Fixture private static GuardRedis redis;
  @Fixture private Studio studio;
  private final String code = Seed.uniqueCode("FLUSH");

  /** Flushes the service's database and the scripts again and again until every attempt has answered. */
  private static int flushWhileInFlight(List<CompletableFuture<Api.Response>> inFlight) {
    CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
    int flushes = 0;
    while (!all.isDone()) {
      redis.flushDb();
      redis.scriptFlush();
      flushes++;
      GuardRedis.sleep(15);
    }
    return flushes;
  }

  @Test
  @DisplayName("a public code capped at 100, tried by 1,000 distinct players in concurrent batches while Redis is flushed between and during them, gives exactly 100 × 200")
  void publicCapUnderFlushes() {
    String definitionId = studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, 100))).getString("id");
    List<Api.Response> answers = new ArrayList<>();
    int flushesDuring = 0;

    for (int batch = 0; batch < 10; batch++) {
      if (batch % 2 == 1) {
        redis.flushDb();
        redis.scriptFlush();
      }
      int first = batch * 100;
      List<CompletableFuture<Api.Response>> sent = IntStream.range(first, first + 100)
          .mapToObj(i -> Attempts.redeem(studio, code, "p" + i)).toList();
      flushesDuring += flushWhileInFlight(sent);
      answers.addAll(Attempts.join(sent));
    }

    assertThat(flushesDuring).as("flushes injected while attempts were in flight").isPositive();
    Attempts.onlySuccessesOr(answers, LIMIT_EXCEEDED);
    assertThat(Attempts.successes(answers)).isEqualTo(100);
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?::uuid", definitionId)).isEqualTo(100);
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?::uuid", definitionId)).isEqualTo(100);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?::uuid AND kind = 'claim'", definitionId))
        .as("claims left behind").isEqualTo(100);
  }

  @Test
  @DisplayName("40 single-use coupons, each tried 5 times at once by its owner while Redis is flushed, are each redeemed exactly once")
  void singleUseUnderFlushes() {
    UUID definitionId = Seed.definition(studio.tenantId, Seed.rewardItem(studio.tenantId), Seed.DefinitionSpec.singleUse());
    List<String> codes = IntStream.range(0, 40).mapToObj(i -> Seed.uniqueCode("ONCE")).toList();
    for (int i = 0; i < codes.size(); i++) {
      Seed.coupon(studio.tenantId, definitionId, "owner-" + i, codes.get(i));
    }
    redis.flushDb();
    redis.scriptFlush();

    List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
    List<String> triedCodes = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      for (int i = 0; i < codes.size(); i++) {
        sent.add(Attempts.redeem(studio, codes.get(i), "owner-" + i));
        triedCodes.add(codes.get(i));
      }
    }
    int flushesDuring = flushWhileInFlight(sent);
    List<Api.Response> answers = Attempts.join(sent);

    assertThat(flushesDuring).as("flushes injected while attempts were in flight").isPositive();
    Attempts.onlySuccessesOr(answers, ALREADY_REDEEMED);
    Map<String, Long> successesPerCode = IntStream.range(0, answers.size()).filter(i -> answers.get(i).status() == 200)
        .mapToObj(triedCodes::get).collect(Collectors.groupingBy(c -> c, Collectors.counting()));
    assertThat(successesPerCode).hasSize(40).allSatisfy((c, n) -> assertThat(n).as(c).isEqualTo(1));
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(40);
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ? AND redemption_count <> 1", definitionId)).isZero();
  }

  @Test
  @DisplayName("after SCRIPT FLUSH the guard loads its script again: an attempt over the cap is refused by Redis, with no fallback and no PostgreSQL statement")
  void scriptFlushReloads() {
    studio.definition(new JsonObject().put("code_format", "fixed").put("code", code).put("usage_limit", Studio.perUser(1, 2)));
    studio.redeem(code, "a");
    studio.redeem(code, "b");
    redis.awaitKey(CacheKeys.publicCode(studio.tenantId, code));
    redis.scriptFlush();
    long queries = Counters.COUPON_QUERIES.get();
    long fallbacks = Counters.REDIS_FALLBACKS.get();
    long rejections = Counters.GUARD_REJECTIONS.get();

    Api.Response late = studio.redeem(code, "c");

    assertThat(late.status()).as(late.body()).isEqualTo(400);
    assertThat(late.json()).isEqualTo(LIMIT_EXCEEDED);
    assertThat(Counters.COUPON_QUERIES.get() - queries).as("statements sent to PostgreSQL").isZero();
    assertThat(Counters.REDIS_FALLBACKS.get() - fallbacks).as("fallbacks to PostgreSQL alone").isZero();
    assertThat(Counters.GUARD_REJECTIONS.get() - rejections).isEqualTo(1);
  }

  @Test
  @DisplayName("after FLUSHDB a spent public code costs one PostgreSQL read, which refills the cache, then attempts over the cap reach PostgreSQL no more")
  void flushRebuildsFromPostgres() {
    studio.definition(new JsonObject().put("code_format", "fixed").put("code", code).put("usage_limit", Studio.perUser(1, 2)));
    studio.redeem(code, "a");
    studio.redeem(code, "b");
    redis.flushDb();
    long queries = Counters.COUPON_QUERIES.get();

    Api.Response first = studio.redeem(code, "c");
    long firstCost = Counters.COUPON_QUERIES.get() - queries;
    redis.awaitKey(CacheKeys.publicCode(studio.tenantId, code));
    long afterFirst = Counters.COUPON_QUERIES.get();
    List<Api.Response> more = Attempts.join(IntStream.range(0, 10).mapToObj(i -> Attempts.redeem(studio, code, "d" + i)).toList());

    assertThat(first.json()).isEqualTo(LIMIT_EXCEEDED);
    assertThat(firstCost).as("statements of the first attempt after the flush (the code's lookup)").isEqualTo(1);
    assertThat(more).allSatisfy(r -> assertThat(r.json()).isEqualTo(LIMIT_EXCEEDED));
    assertThat(Counters.COUPON_QUERIES.get() - afterFirst).as("statements of the 10 attempts after it").isZero();
  }
}
