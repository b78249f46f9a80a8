package gg.phoenix.coupons.redis.near;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of the service (two Vert.x instances, so two event buses: nothing is shared but PostgreSQL and
 * Redis). Instance A caches; changes go through instance B's management API; A must answer the new state as
 * soon as B has acknowledged the change. The cache lifetime is 10 minutes, so only the invalidation can explain it.
 */
class CacheInvalidationTest {

  /** Instance A, on a Redis database of its own. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CACHE_TTL_SECONDS", 600)).onOwnRedisDatabase();
  /** Instance B, on the same PostgreSQL and Redis database. */
  @RegisterExtension
  static final TestService B = TestService.another(new JsonObject().put("CACHE_TTL_SECONDS", 600)).onOwnRedisDatabase();

  @Fixture private static GuardRedis redis;
  @Fixture private Studio viaA;
  private Studio viaB;
  private String code;

  @BeforeEach
  void sameTenantThroughB() {
    viaB = new Studio(B.api(), viaA.tenantId, viaA.secret);
    code = Seed.uniqueCode("CACHED");
  }

  /** A public code defined through B, validated through A so that A has it cached. */
  private String cachedPublicCode() {
    String definitionId = viaB.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, 100))).getString("id");
    assertThat(viaA.get("/validate/" + code).json().getBoolean("valid")).isTrue();
    redis.awaitKey(CacheKeys.publicCode(viaA.tenantId, code));
    return definitionId;
  }

  /** GET /definitions through A, waiting until A has the list cached. */
  private JsonObject cachedList() {
    JsonObject list = viaA.get("/definitions").json();
    redis.awaitKey(CacheKeys.activeDefinitions(viaA.tenantId));
    return list;
  }

  @Test
  @DisplayName("instance A really serves a public code from its cache: a change written to PostgreSQL behind the management API's back is not seen")
  void cacheIsUsed() {
    String definitionId = cachedPublicCode();
    Seed.update("UPDATE coupon_definitions SET status = 'paused' WHERE id = ?::uuid", definitionId);

    JsonObject answer = viaA.get("/validate/" + code).json();

    assertThat(answer.getBoolean("valid")).as("stale for up to CACHE_TTL_SECONDS, as designed").isTrue();
  }

  @Test
  @DisplayName("a definition paused through instance B is refused as paused by instance A at once, though A had its public code cached")
  void pausedThroughOtherInstance() {
    String definitionId = cachedPublicCode();

    Api.Response patched = viaB.patch("/definitions/" + definitionId, new JsonObject().put("status", "paused"));
    JsonObject validation = viaA.get("/validate/" + code).json();
    Api.Response redeem = viaA.redeem(code, "player-1");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(validation.getBoolean("valid")).isFalse();
    assertThat(validation.getString("error")).isEqualTo("Coupon definition is paused");
    assertThat(redeem.status()).isEqualTo(400);
    assertThat(redeem.json()).isEqualTo(new JsonObject().put("error", "definition_paused").put("message", "Coupon definition is paused"));
  }

  @Test
  @DisplayName("a public code revoked through instance B is refused as revoked by instance A at once, though A had it cached")
  void revokedThroughOtherInstance() {
    String definitionId = cachedPublicCode();
    String codeId = Seed.scalar("SELECT id FROM coupons WHERE definition_id = ?::uuid AND kind = 'public'", definitionId).toString();

    Api.Response revoked = viaB.post("/coupons/" + codeId + "/revoke", new JsonObject());
    JsonObject validation = viaA.get("/validate/" + code).json();
    Api.Response redeem = viaA.redeem(code, "player-1");

    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(validation.getBoolean("valid")).isFalse();
    assertThat(validation.getString("error")).isEqualTo("Coupon status: revoked");
    assertThat(redeem.status()).isEqualTo(400);
    assertThat(redeem.json()).isEqualTo(new JsonObject().put("error", "coupon_revoked").put("message", "Coupon status: revoked"));
  }

  @Test
  @DisplayName("a definition created through instance B is listed at once by instance A, whose list was cached")
  void createdThroughOtherInstance() {
    viaB.definition(new JsonObject().put("code_format", "random").put("usage_limit", Studio.perUser(1, null)));
    assertThat(cachedList().getInteger("total")).isEqualTo(1);

    String created = viaB.definition(new JsonObject().put("code_format", "random")
        .put("usage_limit", Studio.perUser(1, null))).getString("id");
    JsonObject list = viaA.get("/definitions").json();

    assertThat(list.getInteger("total")).isEqualTo(2);
    assertThat(list.getJsonArray("definitions").stream().map(d -> ((JsonObject) d).getString("id"))).contains(created);
  }

  @Test
  @DisplayName("a definition archived through instance B leaves instance A's cached list at once")
  void archivedThroughOtherInstance() {
    String definitionId = viaB.definition(new JsonObject().put("code_format", "random")
        .put("usage_limit", Studio.perUser(1, null))).getString("id");
    assertThat(cachedList().getInteger("total")).isEqualTo(1);

    Api.Response patched = viaB.patch("/definitions/" + definitionId, new JsonObject().put("status", "archived"));
    JsonObject list = viaA.get("/definitions").json();

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(list.getInteger("total")).isZero();
  }
}
