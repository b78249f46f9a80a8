package gg.phoenix.coupons.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A definition's {@code config.eligibility}: which players may use its codes. Every rule given must admit the player
 * ({@link #admits}); a rule whose context field the request lacks does not. Kept in the definition's config as
 * {@link #toJson} writes it, which the redeeming statements read too (coupon.Rule.ELIGIBLE holds the same rules in
 * SQL).
 *
 * @param countries the player's country is one of these (ISO 3166-1 alpha-2, upper case)
 * @param platforms the player's platform is one of these (lower case)
 * @param minLevel the player's level is at least this
 * @param segments the player is in at least one of these
 * @param newPlayersSince the player was created after this instant
 */
public record Eligibility(List<String> countries, List<String> platforms, Long minLevel, List<String> segments,
                          Instant newPlayersSince) {

  public static final String COUNTRIES = "countries";
  public static final String PLATFORMS = "platforms";
  public static final String MIN_LEVEL = "min_level";
  public static final String SEGMENTS = "segments";
  public static final String NEW_PLAYERS_SINCE = "new_players_since";
  public static final Set<String> KEYS = Set.of(COUNTRIES, PLATFORMS, MIN_LEVEL, SEGMENTS, NEW_PLAYERS_SINCE);

  static final int MAX_LIST = 300;
  private static final String WHERE = "config.eligibility.";
  private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

  /** The rules as a definition's author sends them, each checked; 400 {@code invalid_eligibility} naming the field. */
  public static Eligibility parse(Object value) {
    if (!(value instanceof JsonObject json) || json.isEmpty()) {
      throw invalid("config.eligibility must be a JSON object with at least one of "
          + String.join(", ", KEYS.stream().sorted().toList()));
    }
    JsonFields.of(json).onlyKnown(WHERE, KEYS);
    return new Eligibility(
        list(json, COUNTRIES, "ISO 3166-1 alpha-2 country codes such as DE", Eligibility::isoCountry),
        list(json, PLATFORMS, "platform names such as ios", text -> text.toLowerCase(Locale.ROOT)),
        minLevel(json.getValue(MIN_LEVEL)),
        list(json, SEGMENTS, "segment names such as vip", UnaryOperator.identity()),
        since(json.getValue(NEW_PLAYERS_SINCE)));
  }

  /** Reads back {@link #toJson} from a definition's config; null (no rules) for null. */
  public static Eligibility fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    String since = json.getString(NEW_PLAYERS_SINCE);
    return new Eligibility(strings(json.getJsonArray(COUNTRIES)), strings(json.getJsonArray(PLATFORMS)),
        json.getLong(MIN_LEVEL), strings(json.getJsonArray(SEGMENTS)), since == null ? null : Instant.parse(since));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (countries != null) {
      json.put(COUNTRIES, new JsonArray(new ArrayList<Object>(countries)));
    }
    if (platforms != null) {
      json.put(PLATFORMS, new JsonArray(new ArrayList<Object>(platforms)));
    }
    if (minLevel != null) {
      json.put(MIN_LEVEL, minLevel);
    }
    if (segments != null) {
      json.put(SEGMENTS, new JsonArray(new ArrayList<Object>(segments)));
    }
    if (newPlayersSince != null) {
      json.put(NEW_PLAYERS_SINCE, newPlayersSince.toString());
    }
    return json;
  }

  /** Whether every rule admits the player; a rule whose field {@code context} lacks does not. */
  public boolean admits(PlayerContext context) {
    return (countries == null || context.country() != null && countries.contains(context.country()))
        && (platforms == null || context.platform() != null && platforms.contains(context.platform()))
        && (minLevel == null || context.level() != null && context.level() >= minLevel)
        && (segments == null || context.segments() != null && context.segments().stream().anyMatch(segments::contains))
        && (newPlayersSince == null || context.playerCreatedAt() != null && context.playerCreatedAt().isAfter(newPlayersSince));
  }

  private static ApiException invalid(String message) {
    return ApiError.badRequest("invalid_eligibility", message).exception();
  }

  private static String isoCountry(String code) {
    String upper = code.toUpperCase(Locale.ROOT);
    return ISO_COUNTRIES.contains(upper) ? upper : null;
  }

  /** A non-empty list of distinct strings, each made canonical by {@code canonical} (null: refused). */
  private static List<String> list(JsonObject json, String key, String what, UnaryOperator<String> canonical) {
    Object value = json.getValue(key);
    if (value == null) {
      return null;
    }
    String message = WHERE + key + " must be a list of 1 to " + MAX_LIST + " " + what;
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_LIST) {
      throw invalid(message);
    }
    Set<String> values = new LinkedHashSet<>();
    for (Object entry : array) {
      String text = entry instanceof String s && PlayerContext.isName(s) ? canonical.apply(s) : null;
      if (text == null) {
        throw invalid(message + ": " + abbreviated(entry) + " is not one");
      }
      values.add(text);
    }
    return List.copyOf(values);
  }

  private static Long minLevel(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw invalid(WHERE + MIN_LEVEL + " must be a whole number from 0 to " + Integer.MAX_VALUE);
    }
    return ((Number) value).longValue();
  }

  private static Instant since(Object value) {
    if (value == null) {
      return null;
    }
    String message = WHERE + NEW_PLAYERS_SINCE + " must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z";
    Instant since = value instanceof String text ? Timestamps.comparable(text) : null;
    if (since == null) {
      throw invalid(message);
    }
    return since;
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? null : array.stream().map(String.class::cast).toList();
  }

  private static String abbreviated(Object entry) {
    String text = String.valueOf(entry);
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }
}
