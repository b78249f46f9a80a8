package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.JsonFields;
import io.vertx.core.json.JsonObject;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;

/**
 * A definition's {@code translations}: {"de": {"name", "description"}}, keyed by well-formed BCP 47 language tags
 * (stored lower-case, so "de-DE" and "de-de" are one language), at most {@link #MAX_LANGUAGES} of them.
 */
final class Translations {

  static final int MAX_LANGUAGES = 50;
  private static final int MAX_TAG = 35;
  private static final Set<String> KEYS = Set.of("name", "description");

  private Translations() {
  }

  /** The checked translations, or an empty object when none were sent. */
  static JsonObject parse(JsonObject translations) {
    JsonObject checked = new JsonObject();
    if (translations == null) {
      return checked;
    }
    if (translations.size() > MAX_LANGUAGES) {
      throw invalid("translations holds at most " + MAX_LANGUAGES + " languages");
    }
    for (String tag : translations.fieldNames()) {
      String language = languageTag(tag);
      if (checked.containsKey(language)) {
        throw invalid("translations names the language " + language + " twice");
      }
      Object value = translations.getValue(tag);
      if (!(value instanceof JsonObject text)) {
        throw invalid("translations." + language + " must be an object with name and/or description");
      }
      JsonFields.of(text).onlyKnown("translations." + language + ".", KEYS);
      String name = text(text, language, "name", 200);
      String description = text(text, language, "description", 2000);
      if ((name == null || name.isBlank()) && description == null) {
        throw invalid("translations." + language + " needs a non-empty name or a description");
      }
      JsonObject entry = new JsonObject();
      if (name != null && !name.isBlank()) {
        entry.put("name", name);
      }
      if (description != null) {
        entry.put("description", description);
      }
      checked.put(language, entry);
    }
    return checked;
  }

  private static String text(JsonObject text, String language, String field, int maxLength) {
    Object value = text.getValue(field);
    if (value != null && (!(value instanceof String string) || string.length() > maxLength)) {
      throw invalid("translations." + language + "." + field + " must be a string of at most " + maxLength + " characters");
    }
    return (String) value;
  }

  private static String languageTag(String tag) {
    try {
      Locale locale = new Locale.Builder().setLanguageTag(tag).build();
      if (tag.length() > MAX_TAG || locale.getLanguage().isEmpty() || !locale.toLanguageTag().equalsIgnoreCase(tag)) {
        throw new IllformedLocaleException(tag);
      }
      return tag.toLowerCase(Locale.ROOT);
    } catch (IllformedLocaleException e) {
      String shown = tag.length() > 40 ? tag.substring(0, 40) + "..." : tag;
      throw invalid("translations keys are language tags such as de or pt-BR; '" + shown + "' is not one");
    }
  }

  private static RuntimeException invalid(String message) {
    return ApiError.badRequest("invalid_translations", message).exception();
  }
}
