package gg.phoenix.coupons.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Request fields read with their types checked: a wrong field is a 400 that names it. Plain logic, no service. */
class JsonFieldsTest {

  private static ApiError refusal(Runnable read) {
    try {
      read.run();
    } catch (ApiException e) {
      return e.error();
    }
    throw new AssertionError("no refusal");
  }

  private static JsonFields fields(JsonObject json) {
    return JsonFields.of(json);
  }

  @Test
  @DisplayName("a missing body reads as an empty object: every optional field is absent")
  void nullBody() {
    JsonFields none = JsonFields.of(null);

    assertThat(none.has("name")).isFalse();
    assertThat(none.optionalString("name", 10)).isNull();
    assertThat(none.optionalInt("count", 1, 10)).isNull();
    assertThat(none.optionalBoolean("flag", true)).isTrue();
    assertThat(none.optionalInstant("starts_at")).isNull();
    assertThat(none.optionalObject("config")).isNull();
    assertThat(none.optionalArray("user_ids")).isNull();
  }

  @Test
  @DisplayName("strings: at most maxLength characters; a required one must not be missing or blank")
  void strings() {
    JsonFields json = fields(new JsonObject().put("name", "Gems").put("blank", "  ").put("number", 7));

    assertThat(json.requiredString("name", 4)).isEqualTo("Gems");
    assertThat(refusal(() -> json.optionalString("name", 3)))
        .isEqualTo(ApiError.badRequest("invalid_name", "name must be a string of at most 3 characters"));
    assertThat(refusal(() -> json.optionalString("number", 3)).code()).isEqualTo("invalid_number");
    assertThat(refusal(() -> json.requiredString("blank", 10)))
        .isEqualTo(ApiError.badRequest("invalid_blank", "blank is required and must be a non-empty string of at most 10 characters"));
    assertThat(refusal(() -> json.requiredString("missing", 10)).code()).isEqualTo("invalid_missing");
  }

  @Test
  @DisplayName("whole numbers: within min and max, never a float, a string or a number beyond a long")
  void integers() {
    JsonFields json = fields(new JsonObject().put("count", 5).put("big", 5_000_000_000L).put("float", 1.5).put("text", "5"));

    assertThat(json.optionalInt("count", 1, 5)).isEqualTo(5);
    assertThat(json.requiredInt("count", 5, 5)).isEqualTo(5);
    assertThat(refusal(() -> json.optionalInt("count", 6, 10)))
        .isEqualTo(ApiError.badRequest("invalid_count", "count must be a whole number from 6 to 10"));
    assertThat(refusal(() -> json.optionalInt("big", 0, Integer.MAX_VALUE)).code()).isEqualTo("invalid_big");
    assertThat(refusal(() -> json.optionalInt("float", 0, 10)).code()).isEqualTo("invalid_float");
    assertThat(refusal(() -> json.optionalInt("text", 0, 10)).code()).isEqualTo("invalid_text");
    assertThat(refusal(() -> json.requiredInt("missing", 1, 3)))
        .isEqualTo(ApiError.badRequest("invalid_missing", "missing is required: a whole number from 1 to 3"));
  }

  @Test
  @DisplayName("booleans: true or false only, the fallback when absent")
  void booleans() {
    JsonFields json = fields(new JsonObject().put("yes", true).put("text", "true").put("one", 1));

    assertThat(json.optionalBoolean("yes", false)).isTrue();
    assertThat(json.optionalBoolean("absent", false)).isFalse();
    assertThat(refusal(() -> json.optionalBoolean("text", false)))
        .isEqualTo(ApiError.badRequest("invalid_text", "text must be true or false"));
    assertThat(refusal(() -> json.optionalBoolean("one", false)).code()).isEqualTo("invalid_one");
  }

  @Test
  @DisplayName("timestamps: ISO-8601 instants; other text or another type is a 400 naming the field")
  void instants() {
    JsonFields json = fields(new JsonObject().put("at", "2025-12-31T23:59:59Z").put("local", "2025-12-31T23:59:59")
        .put("number", 1735689600));

    assertThat(json.optionalInstant("at")).isEqualTo(Instant.parse("2025-12-31T23:59:59Z"));
    ApiError expected = ApiError.badRequest("invalid_local", "local must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z");
    assertThat(refusal(() -> json.optionalInstant("local"))).isEqualTo(expected);
    assertThat(refusal(() -> json.optionalInstant("number")).code()).isEqualTo("invalid_number");
  }

  @Test
  @DisplayName("objects and arrays: the right JSON type or a 400 naming the field")
  void objectsAndArrays() {
    JsonFields json = fields(new JsonObject().put("config", new JsonObject().put("a", 1)).put("ids", new JsonArray().add("u1"))
        .put("text", "{}"));

    assertThat(json.optionalObject("config")).isEqualTo(new JsonObject().put("a", 1));
    assertThat(json.optionalArray("ids")).isEqualTo(new JsonArray().add("u1"));
    assertThat(refusal(() -> json.optionalObject("ids")))
        .isEqualTo(ApiError.badRequest("invalid_ids", "ids must be a JSON object"));
    assertThat(refusal(() -> json.optionalArray("text")))
        .isEqualTo(ApiError.badRequest("invalid_text", "text must be a JSON array"));
  }

  @Test
  @DisplayName("has: a field set to null counts as absent")
  void has() {
    JsonFields json = fields(new JsonObject().put("set", "x").putNull("nulled"));

    assertThat(json.has("set")).isTrue();
    assertThat(json.has("nulled")).isFalse();
    assertThat(json.has("absent")).isFalse();
  }
}
