package gg.phoenix.coupons.api;

/**
 * Java strings that are not text: a JSON escape from \ud800 to \udfff not in a pair decodes to a lone surrogate,
 * which the PostgreSQL client sends as '?'. A player id, code or rule holding one would equal another's in SQL and
 * not in Java, so no request may carry one that far.
 */
public final class Utf16 {

  private Utf16() {
  }

  public static boolean holdsLoneSurrogate(String text) {
    return text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }
}
