package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.coupon.Attempts.ALREADY_REDEEMED;
import static gg.phoenix.coupons.coupon.Attempts.LIMIT_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.RedisOutage;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Redis unreachable (the service pointed at a port nobody listens on): the guard stands aside and PostgreSQL
 * alone keeps the limits, exactly; caches are misses; nothing answers 5xx.
 */
class RedisDownTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("REDIS_URL", "redis://127.0.0.1:" + TestApp.freePorts(1)[0])
      .put("OUTBOX_RELAY_INSTANCES", 0)
      .put("WEBHOOK_SENDERS", 0)
      .put("LOOKUP_FAILURE_LIMIT", 3));

  @Fixture private Studio studio;
  private UUID singleUse;

  @BeforeEach
  void tenant() {
    singleUse = Seed.definition(studio.tenantId, Seed.rewardItem(studio.tenantId), Seed.DefinitionSpec.singleUse());
  }

  private String publicCode(int totalCap) {
    String code = Seed.uniqueCode("DOWN");
    studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, totalCap)));
    return code;
  }

  @Test
  @DisplayName("with Redis unreachable, a single-use coupon redeemed 50 times at once by its owner succeeds exactly once")
  void singleUseExact() {
    String code = Seed.uniqueCode("ONCE");
    Seed.coupon(studio.tenantId, singleUse, "owner", code);

    List<Api.Response> answers = Attempts.join(IntStream.range(0, 50).mapToObj(i -> Attempts.redeem(studio, code, "owner")).toList());

    Attempts.onlySuccessesOr(answers, ALREADY_REDEEMED);
    assertThat(Attempts.successes(answers)).isEqualTo(1);
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", singleUse)).isEqualTo(1);
  }

  @Test
  @DisplayName("with Redis unreachable, a public code capped at 10 and tried by 60 players at once gives exactly 10 × 200")
  void publicCapExact() {
    String code = publicCode(10);

    List<Api.Response> answers = Attempts.join(IntStream.range(0, 60).mapToObj(i -> Attempts.redeem(studio, code, "p" + i)).toList());

    Attempts.onlySuccessesOr(answers, LIMIT_EXCEEDED);
    assertThat(Attempts.successes(answers)).isEqualTo(10);
    assertThat(Seed.count("SELECT count(*) FROM redemptions x JOIN coupons c ON c.id = x.coupon_id WHERE c.tenant_id = ?",
        studio.tenantId)).isEqualTo(10);
  }

  @Test
  @DisplayName("with Redis unreachable, every redemption the guard would have checked is counted in REDIS_FALLBACKS")
  void fallbacksCounted() {
    String code = publicCode(10);
    long before = Counters.REDIS_FALLBACKS.get();

    IntStream.range(0, 3).forEach(i -> assertThat(studio.redeem(code, "player-" + i).status()).isEqualTo(200));

    assertThat(Counters.REDIS_FALLBACKS.get() - before).isEqualTo(3);
  }

  @Test
  @DisplayName("with Redis unreachable, validate answers from PostgreSQL: a usable coupon is valid, a spent public code says 'Usage limit exceeded', an unknown code is not found")
  void validateWorks() {
    String coupon = Seed.uniqueCode("VAL");
    Seed.coupon(studio.tenantId, singleUse, null, coupon);
    String spent = publicCode(1);
    assertThat(studio.redeem(spent, "p1").status()).isEqualTo(200);

    JsonObject usable = studio.get("/validate/" + coupon).json();
    JsonObject capped = studio.get("/validate/" + spent).json();
    JsonObject unknown = studio.get("/validate/NOPE" + coupon).json();

    assertThat(usable.getBoolean("valid")).isTrue();
    assertThat(usable.getJsonObject("coupon").getString("code")).isEqualTo(coupon);
    assertThat(capped.getBoolean("valid")).isFalse();
    assertThat(capped.getString("error")).isEqualTo("Usage limit exceeded");
    assertThat(unknown.getString("error")).isEqualTo("Coupon code not found");
  }

  @Test
  @DisplayName("with Redis unreachable, a definition paused through the management API is refused at once, and the definitions list follows")
  void managementStillWorks() {
    String code = Seed.uniqueCode("DOWN");
    JsonObject definition = studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, 100)));
    int listed = studio.get("/definitions").json().getInteger("total");

    Api.Response patched = studio.patch("/definitions/" + definition.getString("id"), new JsonObject().put("status", "paused"));
    Api.Response redeem = studio.redeem(code, "p1");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(redeem.status()).isEqualTo(400);
    assertThat(redeem.json()).isEqualTo(new JsonObject().put("error", "definition_paused").put("message", "Coupon definition is paused"));
    assertThat(studio.get("/definitions").json().getInteger("total")).isEqualTo(listed - 1);
  }

  @Test
  @DisplayName("with Redis unreachable, unknown codes are not throttled: the lockout needs Redis and does not fail closed")
  void noLockoutWithoutRedis() {
    List<Api.Response> answers = IntStream.range(0, 6)
        .mapToObj(i -> studio.get("/validate/UNKNOWN" + i + "?user_id=guesser")).toList();

    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().getString("error")).isEqualTo("Coupon code not found");
    });
  }

  @Test
  @DisplayName("a Redis outage is logged once, however many requests notice it")
  void outageLoggedOnce() {
    List<String> codes = IntStream.range(0, 10).mapToObj(i -> Seed.uniqueCode("LOG")).toList();
    codes.forEach(code -> Seed.coupon(studio.tenantId, singleUse, "owner", code));
    Logger logger = (Logger) LoggerFactory.getLogger(RedisOutage.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      RedisOutage.answered(); // as if Redis had been answering until now
      lines.list.clear();

      Attempts.join(codes.stream().map(code -> Attempts.redeem(studio, code, "owner")).toList());
      codes.forEach(code -> studio.get("/validate/" + code));

      assertThat(lines.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("Redis does not answer"));
    } finally {
      logger.detachAppender(lines);
    }
  }
}
