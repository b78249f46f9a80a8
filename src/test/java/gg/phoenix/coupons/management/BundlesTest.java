package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class BundlesTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private List<String> items(int n) {
    return IntStream.range(0, n).mapToObj(i -> studio.rewardItem()).toList();
  }

  private Api.Response createBundle(JsonObject config) {
    return studio.post("/definitions", new JsonObject().put("name", "Starter Pack").put("config", config));
  }

  private JsonObject bundle(List<String> items, JsonObject config) {
    Api.Response response = createBundle(config.put("reward_item_ids", new JsonArray(items)));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json();
  }

  private static List<String> itemIds(JsonArray items) {
    return items.stream().map(item -> ((JsonObject) item).getString("item_id")).toList();
  }

  /** The redemption's event once the relay has published it (the events endpoint replays published ones). */
  private JsonObject redeemedEvent(String redemptionId) {
    return Await.until(() -> studio.get("/events?limit=100").json().getJsonArray("events").stream()
        .map(JsonObject.class::cast).filter(e -> redemptionId.equals(e.getString("redemption_id"))).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
  }

  @Test
  @DisplayName("a bundle's definition shows reward_item_id (the first) and reward_item_ids (all) in its config")
  void definitionShowsBundle() {
    List<String> items = items(3);

    JsonObject definition = bundle(items, new JsonObject());

    assertThat(definition.getJsonObject("config").getString("reward_item_id")).isEqualTo(items.get(0));
    assertThat(definition.getJsonObject("config").getJsonArray("reward_item_ids").getList()).isEqualTo(items);
    assertThat(studio.get("/definitions/" + definition.getString("id")).json()).isEqualTo(definition);
  }

  @Test
  @DisplayName("a bundle's coupon shows reward_item (the first) and reward_items (all, in order) when read and redeemed, and its coupon.redeemed event carries all")
  void ownCouponCarriesAll() {
    List<String> items = items(3);
    String id = bundle(items, new JsonObject()).getString("id");
    JsonObject coupon = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("user_ids", new JsonArray().add("p1")))
        .json().getJsonArray("coupons").getJsonObject(0);

    JsonObject redeemed = studio.redeem(coupon.getString("code"), "p1").json();

    assertThat(coupon.getJsonObject("reward_item").getString("item_id")).isEqualTo(items.get(0));
    assertThat(itemIds(coupon.getJsonArray("reward_items"))).isEqualTo(items);
    assertThat(itemIds(redeemed.getJsonArray("reward_items"))).isEqualTo(items);
    assertThat(redeemed.getJsonArray("reward_items").getJsonObject(1).getJsonObject("payload")).isEqualTo(new JsonObject().put("amount", 100));
    JsonObject event = redeemedEvent(redeemed.getString("redemption_id"));
    assertThat(itemIds(event.getJsonArray("reward_items"))).isEqualTo(items);
    assertThat(event.getJsonObject("reward_item").getString("item_id")).isEqualTo(items.get(0));
    assertThat(itemIds(event.getJsonObject("coupon").getJsonArray("reward_items"))).isEqualTo(items);
  }

  @Test
  @DisplayName("a bundle's public code, redeemed through the guarded path, answers and writes its event with all its reward items")
  void publicCodeCarriesAll() {
    List<String> items = items(2);
    String code = "PACK-" + UUID.randomUUID().toString().substring(0, 8);
    bundle(items, new JsonObject().put("code_format", "fixed").put("code", code));

    JsonObject redeemed = studio.redeem(code, "p1").json();

    assertThat(itemIds(redeemed.getJsonArray("reward_items"))).isEqualTo(items);
    JsonObject event = redeemedEvent(redeemed.getString("redemption_id"));
    assertThat(itemIds(event.getJsonArray("reward_items"))).isEqualTo(items);
    assertThat(itemIds(event.getJsonObject("coupon").getJsonArray("reward_items"))).isEqualTo(items);
  }

  @Test
  @DisplayName("a definition of one reward_item_id answers as before (no reward_items in config or coupon), and its event lists that one item")
  void singleItemUnchanged() {
    String item = studio.rewardItem();
    JsonObject definition = studio.definition(new JsonObject().put("reward_item_id", item));
    JsonObject coupon = studio.post("/definitions/" + definition.getString("id") + "/coupons",
        new JsonObject().put("user_ids", new JsonArray().add("p1"))).json().getJsonArray("coupons").getJsonObject(0);

    JsonObject redeemed = studio.redeem(coupon.getString("code"), "p1").json();

    assertThat(definition.getJsonObject("config").fieldNames()).doesNotContain("reward_item_ids");
    assertThat(coupon.fieldNames()).doesNotContain("reward_items");
    assertThat(redeemed.fieldNames()).doesNotContain("reward_items");
    JsonObject event = redeemedEvent(redeemed.getString("redemption_id"));
    assertThat(event.getJsonObject("coupon").fieldNames()).doesNotContain("reward_items");
    assertThat(itemIds(event.getJsonArray("reward_items"))).containsExactly(item);
  }

  @Test
  @DisplayName("reward_item_ids that are empty, more than 10, repeated, not ids, or disagree with reward_item_id are refused with 400 invalid_reward_item_ids")
  void badBundles() {
    List<String> items = items(2);
    List<JsonObject> bad = List.of(
        new JsonObject().put("reward_item_ids", new JsonArray()),
        new JsonObject().put("reward_item_ids", new JsonArray(IntStream.range(0, 11).mapToObj(i -> items.get(0)).toList())),
        new JsonObject().put("reward_item_ids", new JsonArray().add(items.get(0)).add(items.get(0))),
        new JsonObject().put("reward_item_ids", new JsonArray().add("not-a-uuid")),
        new JsonObject().put("reward_item_ids", new JsonArray().add(7)),
        new JsonObject().put("reward_item_ids", new JsonArray().add(items.get(0))).put("reward_item_id", items.get(1)));

    for (JsonObject config : bad) {
      Api.Response response = createBundle(config);
      assertThat(response.status()).as(config.encode()).isEqualTo(400);
      assertThat(response.json().getString("error")).as(config.encode()).isEqualTo("invalid_reward_item_ids");
    }
    assertThat(createBundle(new JsonObject().put("reward_item_ids", "x")).json().getString("error")).isEqualTo("invalid_reward_item_ids");
    assertThat(studio.get("/definitions").json().getInteger("total")).isZero();
  }

  @Test
  @DisplayName("a bundle naming another tenant's reward item is refused with 400, and a 1 MB list of ids is refused without a 500")
  void foreignAndHugeBundles() {
    String foreign = Studio.create(api).rewardItem();
    JsonArray huge = new JsonArray();
    for (int i = 0; i < 25_000; i++) {
      huge.add(UUID.randomUUID().toString());
    }

    Api.Response foreignAnswer = createBundle(new JsonObject().put("reward_item_ids", new JsonArray().add(studio.rewardItem()).add(foreign)));
    Api.Response hugeAnswer = createBundle(new JsonObject().put("reward_item_ids", huge));

    assertThat(foreignAnswer.status()).isEqualTo(400);
    assertThat(foreignAnswer.json().getString("error")).isEqualTo("invalid_reward_item_ids");
    assertThat(hugeAnswer.status()).isIn(400, 413);
    assertThat(studio.get("/definitions").json().getInteger("total")).isZero();
  }
}
