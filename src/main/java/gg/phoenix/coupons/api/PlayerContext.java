package gg.phoenix.coupons.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What a redemption or validation says of its player, for a definition's {@link Eligibility}: the country (two
 * letters, upper case), the platform (lower case), the level, the segments and when the player was created. Any
 * field may be missing; a rule that needs a missing field does not admit the player.
 *
 * <p>Read from the redeem body's {@code context} or validate's query parameters for a server's credential, and from
 * a player token's {@code context} claim (docs/api-behaviour.md). Its JSON ({@link #toJson}) has the same names as
 * that object, and is what the redeeming statements take as a parameter.
 */
public record PlayerContext(String country, String platform, Long level, List<String> segments,
                            Instant playerCreatedAt) {

  public static final PlayerContext NONE = new PlayerContext(null, null, null, null, null);

  public static final String COUNTRY = "country";
  public static final String PLATFORM = "platform";
  public static final String LEVEL = "level";
  public static final String SEGMENTS = "segments";
  public static final String PLAYER_CREATED_AT = "player_created_at";
  public static final Set<String> KEYS = Set.of(COUNTRY, PLATFORM, LEVEL, SEGMENTS, PLAYER_CREATED_AT);

  static final int MAX_STRING = 64;
  static final int MAX_SEGMENTS = 100;

  /** The answer to a context that cannot be read. */
  public static ApiException invalid(String message) {
    return ApiError.badRequest("invalid_context", message).exception();
  }

  /**
   * A context as a caller sends it, each field checked; {@code where} names the object in messages
   * ({@code "context."}, or {@code ""} for query parameters).
   */
  public static PlayerContext parse(JsonObject json, String where) {
    JsonFields.of(json).onlyKnown(where, KEYS);
    return new PlayerContext(
        country(json.getValue(COUNTRY), where),
        platform(json.getValue(PLATFORM), where),
        level(json.getValue(LEVEL), where),
        segments(json.getValue(SEGMENTS), where),
        createdAt(json.getValue(PLAYER_CREATED_AT), where));
  }

  /**
   * Validate's query parameters: {@code country}, {@code platform}, {@code level}, {@code segments} (comma-separated),
   * {@code player_created_at}; {@code param} gives a parameter's value or null.
   */
  public static PlayerContext fromQuery(Function<String, String> param) {
    String level = param.apply(LEVEL);
    if (level != null && !level.matches("\\d{1,10}")) {
      throw invalid("level must be a whole number from 0 to 2147483647");
    }
    String segments = param.apply(SEGMENTS);
    JsonArray segmentList = segments == null ? null : new JsonArray(List.<Object>of(segments.split(",", -1)));
    return new PlayerContext(
        country(param.apply(COUNTRY), ""),
        platform(param.apply(PLATFORM), ""),
        level(level == null ? null : Long.valueOf(level), ""),
        segments(segmentList, ""),
        createdAt(param.apply(PLAYER_CREATED_AT), ""));
  }

  /** Whether a query holds any context parameter. */
  public static boolean anyIn(Function<String, String> param) {
    return KEYS.stream().anyMatch(key -> param.apply(key) != null);
  }

  public boolean isEmpty() {
    return this.equals(NONE);
  }

  /** The fields that are set, under the names callers use; timestamps as {@link Timestamps#format} would, but exact. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (country != null) {
      json.put(COUNTRY, country);
    }
    if (platform != null) {
      json.put(PLATFORM, platform);
    }
    if (level != null) {
      json.put(LEVEL, level);
    }
    if (segments != null) {
      json.put(SEGMENTS, new JsonArray(new ArrayList<Object>(segments)));
    }
    if (playerCreatedAt != null) {
      json.put(PLAYER_CREATED_AT, playerCreatedAt.toString());
    }
    return json;
  }

  /** Reads back {@link #toJson}, already checked; null and empty are {@link #NONE}. */
  public static PlayerContext fromJson(JsonObject json) {
    if (json == null || json.isEmpty()) {
      return NONE;
    }
    JsonArray segments = json.getJsonArray(SEGMENTS);
    String createdAt = json.getString(PLAYER_CREATED_AT);
    return new PlayerContext(json.getString(COUNTRY), json.getString(PLATFORM), json.getLong(LEVEL),
        segments == null ? null : segments.stream().map(String.class::cast).toList(),
        createdAt == null ? null : Instant.parse(createdAt));
  }

  private static String country(Object value, String where) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || !text.matches("[A-Za-z]{2}")) {
      throw invalid(where + COUNTRY + " must be an ISO 3166-1 alpha-2 country code such as DE");
    }
    return text.toUpperCase(Locale.ROOT);
  }

  private static String platform(Object value, String where) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || !isName(text)) {
      throw invalid(where + PLATFORM + " must be a non-empty string of at most " + MAX_STRING + " characters such as ios");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static Long level(Object value, String where) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw invalid(where + LEVEL + " must be a whole number from 0 to " + Integer.MAX_VALUE);
    }
    return ((Number) value).longValue();
  }

  private static List<String> segments(Object value, String where) {
    if (value == null) {
      return null;
    }
    String message = where + SEGMENTS + " must be a list of at most " + MAX_SEGMENTS
        + " non-empty strings of at most " + MAX_STRING + " characters";
    if (!(value instanceof JsonArray list) || list.size() > MAX_SEGMENTS) {
      throw invalid(message);
    }
    List<String> segments = new ArrayList<>(list.size());
    for (Object segment : list) {
      if (!(segment instanceof String text) || !isName(text)) {
        throw invalid(message);
      }
      segments.add(text);
    }
    return List.copyOf(segments);
  }

  /**
   * A platform or segment, here or in {@link Eligibility}: not blank, at most {@link #MAX_STRING} characters, with no
   * NUL, which a jsonb cannot hold (a token's claims reach the redeeming statements unchecked by the body's NUL
   * check), and no lone surrogate, which reaches PostgreSQL as '?' and would match there what Java does not.
   */
  static boolean isName(String text) {
    return !text.isBlank() && text.length() <= MAX_STRING && text.indexOf('\0') < 0
        && !Utf16.holdsLoneSurrogate(text);
  }

  private static Instant createdAt(Object value, String where) {
    if (value == null) {
      return null;
    }
    Instant createdAt = value instanceof String text ? Timestamps.comparable(text) : null;
    if (createdAt == null) {
      throw invalid(where + PLAYER_CREATED_AT + " must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z");
    }
    return createdAt;
  }
}
