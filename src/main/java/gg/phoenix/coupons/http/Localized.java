package gg.phoenix.coupons.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Player-facing definitions in the player's language. The coupon verticle answers (and caches) definitions with all
 * their {@code translations}, whatever the language asked for; here one language is chosen for the whole answer,
 * the best match of {@code Accept-Language} among the languages the definitions have ({@link Locale#lookupTag}),
 * and each definition that has it answers its name and description in it, the others as stored. The translations
 * themselves are not shown to players. Content-Language names the language chosen; without a match (or without
 * Accept-Language) the answer is as stored, without Content-Language.
 */
final class Localized {

  /** A longer Accept-Language is not read: browsers send well under 200 characters. */
  static final int MAX_ACCEPT_LANGUAGE = 1024;

  private Localized() {
  }

  /** The language chosen for these definitions (null: as stored), the definitions changed in place to show it. */
  static String definitions(JsonArray definitions, String acceptLanguage) {
    List<Locale.LanguageRange> ranges = ranges(acceptLanguage);
    TreeSet<String> available = new TreeSet<>();
    for (Object definition : definitions) {
      JsonObject translations = ((JsonObject) definition).getJsonObject("translations");
      if (translations != null) {
        available.addAll(translations.fieldNames());
      }
    }
    String chosen = ranges.isEmpty() || available.isEmpty() ? null : Locale.lookupTag(ranges, available);
    boolean used = false;
    for (Object item : definitions) {
      JsonObject definition = (JsonObject) item;
      JsonObject translations = (JsonObject) definition.remove("translations");
      JsonObject text = chosen == null || translations == null ? null : translations.getJsonObject(chosen);
      if (text != null) {
        text.forEach(field -> definition.put(field.getKey(), field.getValue()));
        used = true;
      }
    }
    return used ? chosen : null;
  }

  /** The ranges of the header, best first; none when it is absent, too long or malformed (then: as stored). */
  private static List<Locale.LanguageRange> ranges(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > MAX_ACCEPT_LANGUAGE) {
      return List.of();
    }
    try {
      return Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException malformed) {
      return List.of();
    }
  }
}
