package gg.phoenix.coupons.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class IdempotencyTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;
  private String definitionId;

  @BeforeEach
  void tenant() {
    definitionId = studio.definition(new JsonObject().put("usage_limit", Studio.perUser(3, null))).getString("id");
  }

  private String code(String userId) {
    return studio.post("/definitions/" + definitionId + "/coupons", new JsonObject().put("user_ids", new JsonArray().add(userId)))
        .json().getJsonArray("coupons").getJsonObject(0).getString("code");
  }

  private Api.Response redeem(String code, String userId, String key) {
    return api.send("POST", studio.path("/redeem/" + code), new JsonObject().put("user_id", userId).encode(), studio.server,
        List.of("Idempotency-Key", key));
  }

  private long redemptions(String code) {
    return Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = ?", code);
  }

  @Test
  @DisplayName("a redeem repeated with the same Idempotency-Key answers the stored response and redeems once")
  void replay() {
    String code = code("u1");
    String key = UUID.randomUUID().toString();

    Api.Response first = redeem(code, "u1", key);
    Api.Response second = redeem(code, "u1", key);

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(redemptions(code)).isEqualTo(1);
    assertThat(redeem(code, "u1", UUID.randomUUID().toString()).json().getInteger("redemption_count")).isEqualTo(2);
  }

  @Test
  @DisplayName("the same Idempotency-Key with a different request answers 422 and changes nothing")
  void mismatch() {
    String code = code("u1");
    String other = code("u2");
    String key = UUID.randomUUID().toString();
    redeem(code, "u1", key);

    Api.Response reused = redeem(other, "u2", key);

    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.json().getString("error")).isEqualTo("idempotency_key_reused");
    assertThat(redemptions(other)).isZero();
  }

  @Test
  @DisplayName("a repeat while the first request with the key is still running answers 409")
  void inFlight() {
    String code = code("u1");
    String key = UUID.randomUUID().toString();
    String body = new JsonObject().put("user_id", "u1").encode();
    String fingerprint = sha256("POST\n" + studio.path("/redeem/" + code) + "\n" + body);
    Seed.update("INSERT INTO idempotency_keys (tenant_id, caller, key, fingerprint) VALUES (?, 'hmac', ?, ?)", studio.tenantId, key, fingerprint);

    Api.Response response = redeem(code, "u1", key);

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().getString("error")).isEqualTo("idempotency_in_flight");
    assertThat(redemptions(code)).isZero();
  }

  @Test
  @DisplayName("20 concurrent redeems with one Idempotency-Key make exactly one redemption; the others replay it or get 409")
  void concurrent() {
    String code = code("u1");
    String key = UUID.randomUUID().toString();
    String body = new JsonObject().put("user_id", "u1").encode();

    List<Api.Response> answers = IntStream.range(0, 20)
        .mapToObj(i -> api.sendAsync("POST", studio.path("/redeem/" + code), body, studio.server, List.of("Idempotency-Key", key)))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(redemptions(code)).isEqualTo(1);
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).isIn(200, 409));
    assertThat(answers).filteredOn(r -> r.status() == 200)
        .allSatisfy(r -> assertThat(r.json().getInteger("redemption_count")).isEqualTo(1));
  }

  @Test
  @DisplayName("a refused redeem frees its key: the same request runs again instead of replaying the refusal")
  void refusalNotStored() {
    String key = UUID.randomUUID().toString();

    Api.Response first = redeem("NOSUCHCODE", "u1", key);
    Api.Response second = redeem("NOSUCHCODE", "u1", key);

    assertThat(first.status()).isEqualTo(404);
    assertThat(second.status()).isEqualTo(404);
    assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(Seed.count("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND key = ?", studio.tenantId, key)).isZero();
  }

  @Test
  @DisplayName("management POSTs replay too: a reward item created twice with one key exists once, and answers 201 both times")
  void managementReplay() {
    String key = UUID.randomUUID().toString();
    String body = new JsonObject().put("name", "Gems").put("reward_type", "currency").encode();

    Api.Response first = api.send("POST", studio.path("/reward-items"), body, studio.server, List.of("Idempotency-Key", key));
    Api.Response second = api.send("POST", studio.path("/reward-items"), body, studio.server, List.of("Idempotency-Key", key));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(Seed.count("SELECT count(*) FROM reward_items WHERE tenant_id = ? AND name = 'Gems'", studio.tenantId)).isEqualTo(1);
  }

  @Test
  @DisplayName("an Idempotency-Key longer than 255 characters is a 400")
  void tooLong() {
    Api.Response response = redeem(code("u1"), "u1", "k".repeat(256));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("invalid_idempotency_key");
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
