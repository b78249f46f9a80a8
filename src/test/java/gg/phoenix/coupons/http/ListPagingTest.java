package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GET /user/{id}, /definitions and /reward-items answer at most 1,000 items a page (limit, cursor, next_cursor),
 * however long the list; total counts the whole list; callers who send neither get what they always got while
 * the list is shorter than a page.
 */
@ExtendWith(TestService.class)
class ListPagingTest {

  @Fixture private static Api api;

  @Fixture private Studio studio;
  private UUID item;
  private UUID definition;

  @BeforeEach
  void tenant() {
    item = Seed.rewardItem(studio.tenantId);
    definition = Seed.definition(studio.tenantId, item, DefinitionSpec.singleUse());
  }

  /** {@code n} coupons of the player, three to a generated_at (ties the sort must break by id). */
  private void coupons(String userId, int n) {
    Seed.update("""
        INSERT INTO coupons (tenant_id, definition_id, user_id, code, max_uses, generated_at)
        SELECT ?, ?, ?, ? || g, 1, timestamptz '2025-01-15 10:00:00.123456+00' - make_interval(secs => g / 3)
        FROM generate_series(1, ?) g""", studio.tenantId, definition, userId, Seed.uniqueCode("P") + "-", n);
  }

  /** Every page of a list, following next_cursor from {@code first}. */
  private List<JsonObject> pages(String first) {
    List<JsonObject> pages = new ArrayList<>();
    String path = first;
    while (path != null) {
      Api.Response page = studio.get(path);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      pages.add(page.json());
      String next = page.json().getString("next_cursor");
      String separator = first.contains("?") ? "&" : "?";
      path = next == null ? null : first + separator + "cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
      assertThat(pages).hasSizeLessThan(50);
    }
    return pages;
  }

  private static List<String> ids(List<JsonObject> pages, String field, String idField) {
    List<String> ids = new ArrayList<>();
    pages.forEach(page -> page.getJsonArray(field).forEach(o -> ids.add(((JsonObject) o).getString(idField))));
    return ids;
  }

  @Test
  @DisplayName("2,500 coupons of one player come 1,000 a page, newest first, each once, total 2,500, next_cursor null on the last page")
  void userCouponsPaged() {
    coupons("whale", 2500);

    List<JsonObject> pages = pages("/user/whale");

    assertThat(pages).extracting(p -> p.getJsonArray("coupons").size()).containsExactly(1000, 1000, 500);
    assertThat(pages).allSatisfy(p -> assertThat(p.getLong("total")).isEqualTo(2500));
    assertThat(pages.get(2).getValue("next_cursor")).isNull();
    List<String> ids = ids(pages, "coupons", "id");
    List<String> expected = new ArrayList<>(Seed.strings("SELECT id FROM coupons WHERE tenant_id = ?", studio.tenantId));
    assertThat(ids).hasSize(2500).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(ids).isEqualTo(orderedIds("ORDER BY generated_at DESC, id"));
  }

  @Test
  @DisplayName("limit=2 walks 7 coupons with tied timestamps in the order of one sorted list, none twice or missed")
  void smallPagesThroughTies() {
    coupons("u1", 7);

    List<JsonObject> pages = pages("/user/u1?limit=2");

    assertThat(pages).extracting(p -> p.getJsonArray("coupons").size()).containsExactly(2, 2, 2, 1);
    assertThat(ids(pages, "coupons", "id")).isEqualTo(orderedIds("ORDER BY generated_at DESC, id"));
  }

  @Test
  @DisplayName("a guide caller with fewer than 1,000 coupons gets the guide's shape with total and next_cursor null")
  void guideShapeKept() {
    coupons("u2", 3);

    JsonObject answer = studio.get("/user/u2").json();

    assertThat(answer.fieldNames()).containsExactlyInAnyOrder("coupons", "total", "next_cursor");
    assertThat(answer.getJsonArray("coupons")).hasSize(3);
    assertThat(answer.getLong("total")).isEqualTo(3);
    assertThat(answer.containsKey("next_cursor")).isTrue();
    assertThat(answer.getValue("next_cursor")).isNull();
    assertThat(studio.get("/user/nobody").json()).isEqualTo(new JsonObject().put("coupons", new JsonArray()).put("total", 0).putNull("next_cursor"));
  }

  @Test
  @DisplayName("a bad or made-up cursor (garbage, out-of-range times, another spelling of an id) is a 400 invalid_cursor; limit 0 is a 400; limit 5000 is capped at 1,000")
  void badInput() {
    coupons("u3", 1200);

    String uuid = UUID.randomUUID().toString();
    List<String> madeUp = List.of(Long.MIN_VALUE + ":" + uuid, Long.MAX_VALUE + ":" + uuid, "-1:" + uuid, "12:" + uuid.toUpperCase());
    List<String> cursors = new ArrayList<>(List.of("nope", "", "bm90OmEtdXVpZA", "MTIzOjEyMw", "%00", "a".repeat(200)));
    madeUp.forEach(text -> cursors.add(java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.US_ASCII))));
    for (String cursor : cursors) {
      Api.Response bad = studio.get("/user/u3?cursor=" + cursor);
      assertThat(bad.status()).as(cursor + " " + bad.body()).isEqualTo(400);
      assertThat(bad.json().getString("error")).isEqualTo(cursor.equals("%00") ? "invalid_request" : "invalid_cursor");
    }
    assertThat(studio.get("/user/u3?limit=0").status()).isEqualTo(400);
    assertThat(studio.get("/user/u3?limit=5000").json().getJsonArray("coupons")).hasSize(1000);
    assertThat(studio.get("/definitions?cursor=nope").status()).isEqualTo(400);
    assertThat(studio.get("/reward-items?cursor=nope").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("1,001 active definitions come as 1,000 then 1, total 1,001; a paused one is in neither page nor total")
  void definitionsPaged() {
    Seed.update("""
        INSERT INTO coupon_definitions (tenant_id, name, description, config, reward_item_id, case_sensitive, uses_per_coupon, status)
        SELECT tenant_id, 'Bulk ' || g, '', config, reward_item_id, false, 1, 'active'
        FROM coupon_definitions, generate_series(1, 1000) g WHERE id = ?""", definition);
    studio.definition(new JsonObject());
    Seed.update("UPDATE coupon_definitions SET status = 'paused' WHERE tenant_id = ? AND name = 'Welcome Bonus' AND id <> ?",
        studio.tenantId, definition);

    List<JsonObject> pages = pages("/definitions");

    assertThat(pages).extracting(p -> p.getJsonArray("definitions").size()).containsExactly(1000, 1);
    assertThat(pages).allSatisfy(p -> assertThat(p.getLong("total")).isEqualTo(1001));
    assertThat(ids(pages, "definitions", "id")).doesNotHaveDuplicates()
        .isEqualTo(orderedIds("coupon_definitions", "AND status = 'active' ORDER BY created_at, id"));
  }

  @Test
  @DisplayName("1,050 reward items come as 1,000 then 50, total 1,050, oldest first")
  void rewardItemsPaged() {
    Seed.update("""
        INSERT INTO reward_items (tenant_id, name, description, reward_type, payload, created_at)
        SELECT ?, 'Item ' || g, '', 'points', '{}'::jsonb, now() - make_interval(secs => g / 4) FROM generate_series(1, 1049) g""",
        studio.tenantId);

    List<JsonObject> pages = pages("/reward-items");

    assertThat(pages).extracting(p -> p.getJsonArray("reward_items").size()).containsExactly(1000, 50);
    assertThat(pages).allSatisfy(p -> assertThat(p.getLong("total")).isEqualTo(1050));
    assertThat(ids(pages, "reward_items", "item_id")).isEqualTo(orderedIds("reward_items", "ORDER BY created_at, id"));
  }

  private List<String> orderedIds(String order) {
    return orderedIds("coupons", order);
  }

  private List<String> orderedIds(String table, String order) {
    List<String> ids = new ArrayList<>();
    try (var conn = gg.phoenix.coupons.support.TestBackends.get().jdbc();
         var st = conn.prepareStatement("SELECT id FROM " + table + " WHERE tenant_id = ? " + order)) {
      st.setString(1, studio.tenantId);
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    return ids;
  }
}
