package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reservations are leases: a use reserved by a process that died before PostgreSQL decided keeps its
 * place only until the lease ends (GUARD_LEASE_MS), never until the counter is rebuilt.
 */
class LeaseTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("GUARD_LEASE_MS", 1000)).onOwnRedisDatabase();

  @Fixture private static GuardRedis redis;
  @Fixture private Studio studio;
  private final String code = Seed.uniqueCode("LEASE");
  private UUID definitionId;

  @BeforeEach
  void publicCode() {
    definitionId = UUID.fromString(studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, 2))).getString("id"));
  }

  @Test
  @DisplayName("uses held by a dead process's leases refuse others only until the leases expire")
  void deadProcessLeases() throws InterruptedException {
    String total = CacheKeys.totalUses(definitionId);
    long expiry = System.currentTimeMillis() + 1000;
    redis.lease(total, "dead-1", expiry);
    redis.lease(total, "dead-2", expiry);

    Api.Response whileHeld = studio.redeem(code, "player-1");
    Thread.sleep(1200);
    Api.Response afterExpiry = studio.redeem(code, "player-1");

    assertThat(whileHeld.status()).isEqualTo(400);
    assertThat(whileHeld.json().getString("message")).isEqualTo("Usage limit exceeded");
    assertThat(afterExpiry.status()).as(afterExpiry.body()).isEqualTo(200);
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(1);
  }

  @Test
  @DisplayName("a redemption's lease becomes a recorded use once PostgreSQL has it, and a refused one leaves no lease")
  void confirmedAndReleased() {
    String total = CacheKeys.totalUses(definitionId);
    String player = CacheKeys.playerUses(definitionId, "player-1");

    assertThat(studio.redeem(code, "player-1").status()).isEqualTo(200);

    assertThat(redis.integer(total)).isEqualTo(1);
    assertThat(redis.integer(player)).isEqualTo(1);
    assertThat(redis.leases(total)).isZero();
    assertThat(redis.leases(player)).isZero();
    assertThat(studio.redeem("NOPE" + code, "player-2").status()).isEqualTo(404);
    assertThat(redis.leases(total)).isZero();
  }
}
