package gg.phoenix.coupons.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Reads request fields with their types checked; a wrong or missing field is a 400 that names it. */
public final class JsonFields {

  private final JsonObject json;

  private JsonFields(JsonObject json) {
    this.json = json;
  }

  public static JsonFields of(JsonObject json) {
    return new JsonFields(json == null ? new JsonObject() : json);
  }

  /**
   * Refuses a key outside {@code known} with 400 {@code unknown_field} naming it ({@code where} + key), so a field
   * the service does not read is never silently ignored; {@code notYet} names keys that are planned but not
   * built, each with why it is refused.
   */
  public JsonFields onlyKnown(String where, Set<String> known, Map<String, String> notYet) {
    for (String key : json.fieldNames()) {
      if (notYet.containsKey(key)) {
        throw ApiError.badRequest("unknown_field", "Unknown field " + where + key + ": " + notYet.get(key)).exception();
      }
      if (!known.contains(key)) {
        throw ApiError.badRequest("unknown_field", "Unknown field " + where + abbreviated(key) + ": "
            + (where.isEmpty() ? "the request" : where.substring(0, where.length() - 1)) + " takes "
            + String.join(", ", known.stream().sorted().toList())).exception();
      }
    }
    return this;
  }

  public JsonFields onlyKnown(String where, Set<String> known) {
    return onlyKnown(where, known, Map.of());
  }

  private static String abbreviated(String key) {
    return key.length() <= 64 ? key : key.substring(0, 64) + "...";
  }

  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  public String requiredString(String key, int maxLength) {
    String value = optionalString(key, maxLength);
    if (value == null || value.isBlank()) {
      throw invalid(key, key + " is required and must be a non-empty string of at most " + maxLength + " characters");
    }
    return value;
  }

  public String optionalString(String key, int maxLength) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.length() > maxLength) {
      throw invalid(key, key + " must be a string of at most " + maxLength + " characters");
    }
    return text;
  }

  public Integer optionalInt(String key, int min, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw invalid(key, key + " must be a whole number from " + min + " to " + max);
    }
    return ((Number) value).intValue();
  }

  public int requiredInt(String key, int min, int max) {
    Integer value = optionalInt(key, min, max);
    if (value == null) {
      throw invalid(key, key + " is required: a whole number from " + min + " to " + max);
    }
    return value;
  }

  public boolean optionalBoolean(String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean flag)) {
      throw invalid(key, key + " must be true or false");
    }
    return flag;
  }

  public Instant optionalInstant(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof String)) {
      throw invalid(key, key + " must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z");
    }
    return Timestamps.parse(key, (String) value);
  }

  public JsonObject optionalObject(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw invalid(key, key + " must be a JSON object");
    }
    return (JsonObject) value;
  }

  public JsonArray optionalArray(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonArray)) {
      throw invalid(key, key + " must be a JSON array");
    }
    return (JsonArray) value;
  }

  public static ApiException invalid(String field, String message) {
    return ApiError.badRequest("invalid_" + field, message).exception();
  }
}
