package gg.phoenix.coupons.console;

import gg.phoenix.coupons.api.ApiError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a console password must be: 12 to 128 characters, not the user's e-mail address, and none of the common
 * passwords listed in {@code console/common-passwords.txt} (compared without case, and also with the digits and
 * punctuation people add at the end taken off).
 */
final class PasswordPolicy {

  static final int MIN_LENGTH = 12;
  static final int MAX_LENGTH = 128;
  private static final Set<String> COMMON = load();

  private PasswordPolicy() {
  }

  /** Throws the 400 that says what is wrong with {@code password}. */
  static void check(Object password, String email) {
    if (!(password instanceof String text) || text.length() < MIN_LENGTH || text.length() > MAX_LENGTH) {
      throw ApiError.badRequest("invalid_password",
          "password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long").exception();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    String stem = lower.replaceAll("[0-9\\p{Punct}\\s]+$", "");
    if (COMMON.contains(lower) || COMMON.contains(stem) || lower.equals(email) || lower.chars().distinct().count() < 4) {
      throw ApiError.badRequest("common_password",
          "This password is too common or too easy to guess; choose another").exception();
    }
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>();
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/console/common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("console/common-passwords.txt is missing from the jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String word = line.strip().toLowerCase(Locale.ROOT);
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
