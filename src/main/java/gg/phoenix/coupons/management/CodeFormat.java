package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.JsonFields;
import io.vertx.core.json.JsonObject;
import java.util.random.RandomGenerator;

/**
 * How a definition's codes look: {@code random} (prefix + N random characters), {@code pattern} (each
 * {@code #} a random character) or {@code fixed} (one public code). Random characters come from an
 * alphabet without look-alikes, so a code read off a card is typed right.
 */
record CodeFormat(String type, String prefix, int length, String pattern, String fixedCode) {

  /** No 0/O, no 1/I/L. */
  static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  static final int DEFAULT_LENGTH = 8;
  /** The characters a code may hold besides its random part: also every character an imported code may hold. */
  static final String LITERAL = "[A-Za-z0-9_-]*";

  static CodeFormat from(JsonObject config) {
    JsonFields fields = JsonFields.of(config);
    String type = fields.optionalString("code_format", 16);
    type = type == null ? "random" : type;
    switch (type) {
      case "random" -> {
        String prefix = fields.optionalString("code_prefix", 32);
        prefix = prefix == null ? "" : prefix;
        if (!prefix.matches(LITERAL)) {
          throw JsonFields.invalid("code_prefix", "code_prefix may hold only letters, digits, '-' and '_'");
        }
        Integer length = fields.optionalInt("code_length", 4, 32);
        return new CodeFormat(type, prefix, length == null ? DEFAULT_LENGTH : length, null, null);
      }
      case "pattern" -> {
        String pattern = fields.requiredString("pattern", 64);
        if (!pattern.matches("[A-Za-z0-9_#-]*") || pattern.chars().filter(c -> c == '#').count() < 4) {
          throw JsonFields.invalid("pattern", "pattern holds letters, digits, '-', '_' and at least four '#', e.g. GIFT-####-####");
        }
        return new CodeFormat(type, null, 0, pattern, null);
      }
      case "fixed" -> {
        String code = fields.requiredString("code", 64);
        if (code.length() < 3 || !code.matches(LITERAL)) {
          throw JsonFields.invalid("code", "code is 3 to 64 letters, digits, '-' or '_'");
        }
        return new CodeFormat(type, null, 0, null, code);
      }
      default -> throw JsonFields.invalid("code_format", "code_format is one of random, pattern, fixed");
    }
  }

  boolean isFixed() {
    return "fixed".equals(type);
  }

  /** How many distinct codes the format can make (saturating at Long.MAX_VALUE). */
  long space() {
    int randomChars = switch (type) {
      case "random" -> length;
      case "pattern" -> (int) pattern.chars().filter(c -> c == '#').count();
      default -> 0;
    };
    long space = 1;
    for (int i = 0; i < randomChars; i++) {
      if (space > Long.MAX_VALUE / ALPHABET.length()) {
        return Long.MAX_VALUE;
      }
      space *= ALPHABET.length();
    }
    return space;
  }

  String next(RandomGenerator random) {
    return switch (type) {
      case "random" -> prefix + randomChars(random, length);
      case "pattern" -> {
        StringBuilder code = new StringBuilder(pattern.length());
        for (char c : pattern.toCharArray()) {
          code.append(c == '#' ? ALPHABET.charAt(random.nextInt(ALPHABET.length())) : c);
        }
        yield code.toString();
      }
      default -> fixedCode;
    };
  }

  /** The format's part of a definition's config, with defaults filled in. */
  JsonObject toConfig() {
    JsonObject json = new JsonObject().put("code_format", type);
    switch (type) {
      case "random" -> json.put("code_prefix", prefix).put("code_length", length);
      case "pattern" -> json.put("pattern", pattern);
      default -> json.put("code", fixedCode);
    }
    return json;
  }

  private static String randomChars(RandomGenerator random, int count) {
    char[] chars = new char[count];
    for (int i = 0; i < count; i++) {
      chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return new String(chars);
  }
}
