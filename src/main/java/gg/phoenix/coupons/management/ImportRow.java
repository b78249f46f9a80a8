package gg.phoenix.coupons.management;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One line of an import's CSV ({@code code[,user_id]}) as it is staged: its row number (its line in the file), the
 * code and player as given, and why it is refused when a rule of its own refuses it (null otherwise). Duplicates are
 * found later, by the job, against the whole file and the tenant's codes. What is stored of a refused value is
 * bounded and holds no NUL (PostgreSQL text cannot), so the error report can show it.
 */
record ImportRow(int row, String code, String userId, String reason) {

  static final int MIN_LENGTH = 4;
  static final int MAX_LENGTH = 64;
  static final int MAX_USER_ID = 255;
  /** How much of a refused value is kept for the error report. */
  static final int SHOWN = 100;

  static final String MALFORMED = "malformed_row";
  static final String TOO_LONG = "row_too_long";
  static final String INVALID_LENGTH = "invalid_length";
  static final String INVALID_CHARACTERS = "invalid_characters";
  static final String INVALID_USER_ID = "invalid_user_id";
  static final String DUPLICATE_IN_FILE = "duplicate_in_file";
  static final String DUPLICATE_CODE = "duplicate_code";

  private static final char BOM = '\uFEFF';
  /** Compiled once: String.matches would compile the pattern again for each of up to a million rows. */
  private static final Pattern LITERAL = Pattern.compile(CodeFormat.LITERAL);

  /**
   * The staged row of line {@code row}, or null for a line that is no row: an empty one, or a header ({@code code}
   * as the first field of the file's first line). The line comes without its '\n'; a '\r' before it is dropped.
   */
  static ImportRow parse(int row, String line, boolean overlong) {
    if (overlong) {
      return new ImportRow(row, shown(line), null, TOO_LONG);
    }
    String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    if (row == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
      text = text.substring(1);
    }
    if (text.isEmpty()) {
      return null;
    }
    List<String> fields = fields(text);
    if (fields == null || fields.size() > 2) {
      return new ImportRow(row, shown(text), null, MALFORMED);
    }
    String code = fields.get(0);
    if (row == 1 && code.equalsIgnoreCase("code")) {
      return null;
    }
    String userId = fields.size() == 2 && !fields.get(1).isEmpty() ? fields.get(1) : null;
    String reason = refusal(code, userId);
    return new ImportRow(row, shown(code), userId == null || reason == null ? userId : shown(userId), reason);
  }

  private static String refusal(String code, String userId) {
    if (code.length() < MIN_LENGTH || code.length() > MAX_LENGTH) {
      return INVALID_LENGTH;
    }
    if (!LITERAL.matcher(code).matches()) {
      return INVALID_CHARACTERS;
    }
    if (userId != null && (userId.isBlank() || userId.length() > MAX_USER_ID || userId.indexOf('\0') >= 0)) {
      return INVALID_USER_ID;
    }
    return null;
  }

  /** RFC 4180 fields of one line (a quoted field may hold commas and doubled quotes, not line breaks); null if malformed. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>(2);
    int i = 0;
    while (true) {
      StringBuilder field = new StringBuilder();
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= line.length()) {
            return null;
          }
          char c = line.charAt(i++);
          if (c != '"') {
            field.append(c);
          } else if (i < line.length() && line.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            break;
          }
        }
        if (i < line.length() && line.charAt(i) != ',') {
          return null;
        }
      } else {
        while (i < line.length() && line.charAt(i) != ',') {
          char c = line.charAt(i++);
          if (c == '"') {
            return null;
          }
          field.append(c);
        }
      }
      fields.add(field.toString());
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }

  /** A value as the error report may show it: bounded, NUL-free. */
  private static String shown(String value) {
    String bounded = value.length() > SHOWN ? value.substring(0, SHOWN) : value;
    return bounded.replace('\0', '\uFFFD');
  }
}
