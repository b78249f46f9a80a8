package gg.phoenix.coupons.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Malformed values for the fuzz test, drawn from a seeded {@link Random} so a run can be repeated exactly
 * (the seed is printed; {@code -Dfuzz.seed=N} replays one). Values are raw JSON text or raw request-target
 * text, never re-encoded by a client library.
 */
public final class Malformed {

  /** One value: what it is (for the report) and its text. */
  public record Value(String label, String text) {
  }

  private final Random random;

  public Malformed(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  public <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Path segments that are no valid code, id or player: percent escapes, Unicode, NUL, slashes, 10 kB. */
  public static List<Value> pathSegments() {
    return List.of(
        new Value("%00", "%00"), new Value("A%00B", "A%00B"), new Value("%2F", "%2F"), new Value("A%2FB", "A%2FB"),
        new Value("%2e%2e", "%2e%2e"), new Value("emoji", "%F0%9F%8E%81"), new Value("emoji+text", "GIFT%F0%9F%8E%81CODE"),
        new Value("accents", "%C3%A9t%C3%A9"), new Value("rtl-override", "%E2%80%AECODE"), new Value("bom", "%EF%BB%BFCODE"),
        new Value("bad-escape %ZZ", "%ZZ"), new Value("lone %", "A%"), new Value("truncated utf-8", "%E2%82"),
        new Value("overlong utf-8 slash", "%C0%AF"), new Value("invalid utf-8 FF FE", "%FF%FE"), new Value("encoded CRLF", "A%0D%0AB"),
        new Value("tab", "%09"), new Value("blanks", "%20%20"), new Value("raw utf-8 emoji", "\uD83C\uDF81"),
        new Value("raw latin-1", "caf\u00e9"), new Value("65 chars", "A".repeat(65)), new Value("256 chars", "B".repeat(256)),
        new Value("10 kB", "C".repeat(10_240)), new Value("3 kB of %41", "%41".repeat(1000)), new Value("semicolon", "A;b=c"),
        new Value("plus", "A+B"), new Value("star", "*"), new Value("backslash", "A%5CB"), new Value("json", "%7B%7D"),
        new Value("sql quote", "A'%20OR%20'1'='1"), new Value("NUL only", "%00%00"), new Value("unicode 4 kB",
            "%E4%B8%AD".repeat(1500)));
  }

  /** Things that are not UUIDs (Java's UUID.fromString is laxer than PostgreSQL), and unknown ones. */
  public static List<Value> uuids() {
    return List.of(
        new Value("not-a-uuid", "not-a-uuid"), new Value("short form 1-1-1-1-1", "1-1-1-1-1"),
        new Value("37 chars", "123e4567-e89b-12d3-a456-4266141740000"), new Value("braces", "%7B123e4567-e89b-12d3-a456-426614174000%7D"),
        new Value("no dashes", "123e4567e89b12d3a456426614174000"), new Value("nil uuid", "00000000-0000-0000-0000-000000000000"),
        new Value("max uuid", "ffffffff-ffff-ffff-ffff-ffffffffffff"), new Value("uuid + %00", "123e4567-e89b-12d3-a456-426614174000%00"),
        new Value("huge group", "123456789123-1-1-1-1"), new Value("unknown uuid", "3f1d5b9e-2c4a-4e8b-9a6f-0d2c7e1b5a93"),
        new Value("negative", "-1"), new Value("empty-ish", "%20"));
  }

  /** JSON values of the wrong type for a string field (null excluded: for optional fields it means absent). */
  public static List<Value> notStrings() {
    return List.of(new Value("number", "42"), new Value("float", "1.5e300"), new Value("array", "[\"a\"]"),
        new Value("object", "{\"a\":1}"), new Value("boolean", "true"), new Value("empty array", "[]"));
  }

  /** Strings no field accepts: too long, NUL, lone surrogates. */
  public static List<Value> badStrings(int maxLength) {
    return List.of(new Value("too long (" + (maxLength + 1) + ")", quote("x".repeat(maxLength + 1))),
        new Value("10 kB", quote("y".repeat(10_240))), new Value("NUL inside", "\"a\\u0000b\""));
  }

  /** Whole numbers outside every range the API takes, and numbers that are not whole. */
  public static List<Value> badNumbers() {
    return List.of(new Value("-1", "-1"), new Value("0", "0"), new Value("2^31", "2147483648"), new Value("2^63", "9223372036854775808"),
        new Value("1e20", "1e20"), new Value("1e400", "1e400"), new Value("1.5", "1.5"), new Value("-0.0", "-0.0"),
        new Value("numeric string", "\"10\""), new Value("NaN", "NaN"), new Value("Infinity", "Infinity"), new Value("hex", "0x10"),
        new Value("array", "[1]"), new Value("object", "{}"), new Value("boolean", "false"), new Value("-2^63-1", "-9223372036854775809"));
  }

  /**
   * Timestamps that are malformed. (Years beyond PostgreSQL's range, such as 300000, are valid ISO-8601; the
   * client stores them as +/-infinity, which means the same for a start or an expiry, so they are not here.)
   */
  public static List<Value> badTimestamps() {
    return List.of(new Value("month 13", "\"2025-13-01T00:00:00Z\""), new Value("no zone", "\"2025-01-01T00:00:00\""),
        new Value("date only", "\"2025-01-01\""), new Value("words", "\"tomorrow\""), new Value("unix number", "1735689600"),
        new Value("year 1e10", "\"+10000000000-01-01T00:00:00Z\""), new Value("Feb 30", "\"2025-02-30T00:00:00Z\""),
        new Value("hour 25", "\"2025-01-01T25:00:00Z\""), new Value("array", "[\"2025-01-01T00:00:00Z\"]"),
        new Value("empty", "\"\""), new Value("NUL", "\"2025-01-01T00:00:00Z\\u0000\""));
  }

  /** Bodies that are not a JSON object at all. */
  public static List<Value> brokenJson() {
    List<Value> values = new ArrayList<>(List.of(
        new Value("empty", ""), new Value("truncated", "{\"a\": "), new Value("open brace", "{"), new Value("close brace", "}"),
        new Value("trailing comma", "{\"a\": 1,}"), new Value("single quotes", "{'a': 1}"), new Value("unquoted key", "{a: 1}"),
        new Value("trailing garbage", "{} x"), new Value("two objects", "{}{}"), new Value("null", "null"), new Value("array", "[]"),
        new Value("number", "123"), new Value("string", "\"{}\""), new Value("true", "true"), new Value("comment", "{/* c */}"),
        new Value("NaN value", "{\"a\": NaN}"), new Value("bom", "\uFEFF{}"), new Value("xml", "<a/>"),
        new Value("form", "user_id=x&reason=y"), new Value("lone surrogate", "{\"a\": \"\\ud800\"}"),
        new Value("bad escape", "{\"a\": \"\\x41\"}"), new Value("control char", "{\"a\": \"\u0001\"}")));
    values.add(new Value("20000 nested arrays", "[".repeat(20_000) + "]".repeat(20_000)));
    values.add(new Value("20000 nested objects", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)));
    return values;
  }

  /** A random string of {@code length} characters from awkward Unicode ranges. */
  public String unicode(int length) {
    StringBuilder text = new StringBuilder();
    int[] starts = {0x20, 0xA0, 0x300, 0x4E00, 0x1F300, 0x202A, 0xFFF0};
    while (text.length() < length) {
      int start = starts[random.nextInt(starts.length)];
      text.appendCodePoint(start + random.nextInt(64));
    }
    return text.toString();
  }

  public static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
