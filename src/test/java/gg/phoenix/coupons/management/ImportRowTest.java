package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImportRowTest {

  @Test
  @DisplayName("a header on the first line, an empty line and a BOM are no rows; CRLF is dropped")
  void noRows() {
    assertThat(ImportRow.parse(1, "\uFEFFCode,User_Id\r", false)).isNull();
    assertThat(ImportRow.parse(3, "\r", false)).isNull();
    assertThat(ImportRow.parse(2, "code", false)).isEqualTo(new ImportRow(2, "code", null, null));
    assertThat(ImportRow.parse(1, "\uFEFFABCD-1,p1\r", false)).isEqualTo(new ImportRow(1, "ABCD-1", "p1", null));
  }

  @Test
  @DisplayName("quoted fields hold commas and doubled quotes; an unbalanced quote or a third field is a malformed row")
  void quoting() {
    assertThat(ImportRow.fields("\"A,B\",\"say \"\"hi\"\"\"")).containsExactly("A,B", "say \"hi\"");
    assertThat(ImportRow.fields("A,")).containsExactly("A", "");
    assertThat(ImportRow.fields("\"A")).isNull();
    assertThat(ImportRow.fields("A\"B")).isNull();
    assertThat(ImportRow.fields("\"A\"B")).isNull();
    assertThat(ImportRow.parse(5, "A,B,C", false).reason()).isEqualTo(ImportRow.MALFORMED);
  }

  @Test
  @DisplayName("length 4 to 64, letters, digits, '-' and '_' only, and a player id of 1 to 255 non-blank characters")
  void rules() {
    assertThat(ImportRow.parse(2, "ABC", false).reason()).isEqualTo(ImportRow.INVALID_LENGTH);
    assertThat(ImportRow.parse(2, "A".repeat(65), false).reason()).isEqualTo(ImportRow.INVALID_LENGTH);
    assertThat(ImportRow.parse(2, "A".repeat(64), false).reason()).isNull();
    assertThat(ImportRow.parse(2, "AB CD", false).reason()).isEqualTo(ImportRow.INVALID_CHARACTERS);
    assertThat(ImportRow.parse(2, "ABCÄ", false).reason()).isEqualTo(ImportRow.INVALID_CHARACTERS);
    assertThat(ImportRow.parse(2, "ABCD,\" \"", false).reason()).isEqualTo(ImportRow.INVALID_USER_ID);
    assertThat(ImportRow.parse(2, "ABCD," + "p".repeat(256), false).reason()).isEqualTo(ImportRow.INVALID_USER_ID);
    ImportRow longPlayer = ImportRow.parse(2, "ABCD," + "p".repeat(255), false);
    assertThat(longPlayer.reason()).isNull();
    assertThat(longPlayer.userId()).hasSize(255);
  }

  @Test
  @DisplayName("what is kept of a refused row is at most 100 characters and holds no NUL")
  void keptBounded() {
    ImportRow nul = ImportRow.parse(2, "AB\0CD", false);
    assertThat(nul.reason()).isEqualTo(ImportRow.INVALID_CHARACTERS);
    assertThat(nul.code()).isEqualTo("AB\uFFFDCD");
    assertThat(ImportRow.parse(2, "X".repeat(1024), true)).isEqualTo(new ImportRow(2, "X".repeat(100), null, ImportRow.TOO_LONG));
  }
}
