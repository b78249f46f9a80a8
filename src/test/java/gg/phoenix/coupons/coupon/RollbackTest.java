package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.Credentials.hmac;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class RollbackTest {

  private static final JsonObject ALREADY = new JsonObject()
      .put("error", "redemption_already_rolled_back").put("message", "Redemption already rolled back");
  private static final JsonObject NOT_FOUND = new JsonObject()
      .put("error", "redemption_not_found").put("message", "Redemption not found");

  @Fixture private static Api api;
  @Fixture private static Streams streams;
  @Fixture private TenantFixture t;

  private record Coupon(String code, UUID definitionId) {
  }

  private Coupon coupon(DefinitionSpec spec, String userId) {
    String code = Seed.uniqueCode("WELCOME");
    UUID definition = t.definition(spec);
    Seed.coupon(t.id(), definition, userId, code);
    return new Coupon(code, definition);
  }

  private Api.Response redeem(Coupon coupon, String userId) {
    return api.post(t.path("/redeem/" + coupon.code()), new JsonObject().put("user_id", userId), t.hmac());
  }

  private Api.Response rollback(String redemptionId, String reason) {
    return api.post(t.path("/redemptions/" + redemptionId + "/rollback"), new JsonObject().put("reason", reason), t.hmac());
  }

  private Object column(String column, Coupon coupon) {
    return Seed.scalar("SELECT " + column + " FROM coupons WHERE tenant_id = ? AND code = ?", t.id(), coupon.code());
  }

  @Test
  @DisplayName("rolling back a single-use coupon's redemption makes it active with count 0, marks the redemption, and it can be redeemed again")
  void singleUse() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_1");
    String redemptionId = redeem(coupon, "user_1").json().getString("redemption_id");

    Api.Response response = rollback(redemptionId, "reward grant failed");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject body = response.json();
    assertThat(body.getString("redemption_id")).isEqualTo(redemptionId);
    assertThat(body.getString("reason")).isEqualTo("reward grant failed");
    assertThat(body.getString("rolled_back_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(body.getJsonObject("coupon").getString("status")).isEqualTo("active");
    assertThat(body.getJsonObject("coupon").getInteger("redemption_count")).isZero();
    assertThat(column("status", coupon)).isEqualTo("active");
    assertThat(column("redemption_count", coupon)).isEqualTo(0);
    assertThat(Seed.scalar("SELECT rollback_reason FROM redemptions WHERE id = ?::uuid", redemptionId)).isEqualTo("reward grant failed");
    assertThat(Seed.scalar("SELECT rolled_back_at IS NOT NULL FROM redemptions WHERE id = ?::uuid", redemptionId)).isEqualTo(true);
    assertThat(api.get(t.path("/user/user_1/redemptions"), t.hmac()).json().getInteger("total")).isZero();

    Api.Response again = redeem(coupon, "user_1");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getInteger("redemption_count")).isEqualTo(1);
  }

  @Test
  @DisplayName("a rollback lowers a multi-use coupon's count and its definition's total, and makes a used-up coupon active again")
  void multiUseWithTotalCap() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(2, 5), "user_1");
    redeem(coupon, "user_1");
    String second = redeem(coupon, "user_1").json().getString("redemption_id");
    assertThat(column("status", coupon)).isEqualTo("redeemed");
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?", coupon.definitionId())).isEqualTo(2);

    assertThat(rollback(second, "duplicate grant").status()).isEqualTo(200);

    assertThat(column("status", coupon)).isEqualTo("active");
    assertThat(column("redemption_count", coupon)).isEqualTo(1);
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?", coupon.definitionId())).isEqualTo(1);
  }

  @Test
  @DisplayName("a rollback writes a coupon.redemption_rolled_back event with the reason and the coupon's new state")
  void event() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_1");
    String redemptionId = redeem(coupon, "user_1").json().getString("redemption_id");
    JsonObject answer = rollback(redemptionId, "fraud check").json();

    List<Streams.Entry> entries = streams.await(t.id(), e -> e.size() == 2, Duration.ofSeconds(10));

    Streams.Entry rolledBack = entries.stream().filter(e -> e.type().equals("coupon.redemption_rolled_back")).findFirst().orElseThrow();
    JsonObject event = rolledBack.event();
    assertThat(event.getString("event_id")).isEqualTo(answer.getString("event_id"));
    assertThat(event.getString("tenant_id")).isEqualTo(t.id());
    assertThat(event.getString("user_id")).isEqualTo("user_1");
    assertThat(event.getString("redemption_id")).isEqualTo(redemptionId);
    assertThat(event.getString("reason")).isEqualTo("fraud check");
    assertThat(event.getString("occurred_at")).isEqualTo(answer.getString("rolled_back_at"));
    assertThat(event.getJsonObject("coupon")).isEqualTo(answer.getJsonObject("coupon"));
    assertThat(event.getJsonObject("reward_item").getString("item_id")).isEqualTo(t.item.toString());
    assertThat(entries.stream().filter(e -> e.type().equals("coupon.redeemed")).map(e -> e.event().getString("redemption_id")))
        .containsExactly(redemptionId);
  }

  @Test
  @DisplayName("rolling back twice answers 409 'Redemption already rolled back' and gives back one use only")
  void twice() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(3, null), "user_1");
    redeem(coupon, "user_1");
    String redemptionId = redeem(coupon, "user_1").json().getString("redemption_id");
    assertThat(rollback(redemptionId, "first").status()).isEqualTo(200);

    Api.Response again = rollback(redemptionId, "second");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json()).isEqualTo(ALREADY);
    assertThat(column("redemption_count", coupon)).isEqualTo(1);
    assertThat(Seed.scalar("SELECT rollback_reason FROM redemptions WHERE id = ?::uuid", redemptionId)).isEqualTo("first");
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE tenant_id = ? AND type = 'coupon.redemption_rolled_back'", t.id())).isEqualTo(1);
  }

  @Test
  @DisplayName("concurrent rollbacks of one redemption: one 200, the others 409, one use given back")
  void concurrent() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(5, null), "user_1");
    redeem(coupon, "user_1");
    String redemptionId = redeem(coupon, "user_1").json().getString("redemption_id");
    String body = new JsonObject().put("reason", "race").encode();
    String path = t.path("/redemptions/" + redemptionId + "/rollback");

    List<Api.Response> answers = IntStream.range(0, 20)
        .mapToObj(i -> api.sendAsync("POST", path, body, t.hmac(), List.of()))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
    assertThat(answers).filteredOn(r -> r.status() == 409).hasSize(19);
    assertThat(column("redemption_count", coupon)).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown redemption, one of another tenant, or a malformed id answers 404 'Redemption not found'")
  void unknown() {
    Seed.Tenant other = Seed.tenant();
    UUID otherItem = Seed.rewardItem(other.id());
    String code = Seed.uniqueCode("OTHER");
    Seed.coupon(other.id(), Seed.definition(other.id(), otherItem, DefinitionSpec.singleUse()), "user_1", code);
    String foreign = api.post("/v1/coupons/" + other.id() + "/redeem/" + code, new JsonObject().put("user_id", "user_1"),
        hmac(other.id(), other.secret())).json().getString("redemption_id");

    for (String id : List.of(UUID.randomUUID().toString(), foreign, "not-a-uuid")) {
      Api.Response response = rollback(id, "why not");
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.json()).isEqualTo(NOT_FOUND);
    }
    assertThat(Seed.scalar("SELECT rolled_back_at FROM redemptions WHERE id = ?::uuid", foreign)).isNull();
    streams.delete(other.id());
  }

  @Test
  @DisplayName("rollback takes HMAC-signed requests only (a tenant JWT gets 403) and requires a reason (400)")
  void serverOnly() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_1");
    String redemptionId = redeem(coupon, "user_1").json().getString("redemption_id");
    String path = t.path("/redemptions/" + redemptionId + "/rollback");

    assertThat(api.post(path, new JsonObject().put("reason", "x"), t.server()).status())
        .isEqualTo(403);
    Api.Response noReason = api.post(path, new JsonObject(), t.hmac());
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().getString("error")).isEqualTo("invalid_reason");
    assertThat(column("redemption_count", coupon)).isEqualTo(1);
  }
}
