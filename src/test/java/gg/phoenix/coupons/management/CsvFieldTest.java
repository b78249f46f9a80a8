package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CsvFieldTest {

  @Test
  @DisplayName("a field a spreadsheet reads as a formula (=, +, -, @, or a tab or carriage return first) gets a leading apostrophe")
  void formulaStarts() {
    assertThat(CouponAdmin.csvField("=1+1")).isEqualTo("'=1+1");
    assertThat(CouponAdmin.csvField("+1")).isEqualTo("'+1");
    assertThat(CouponAdmin.csvField("-ABC")).isEqualTo("'-ABC");
    assertThat(CouponAdmin.csvField("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CouponAdmin.csvField("\t=HYPERLINK(1)")).isEqualTo("'\t=HYPERLINK(1)");
    assertThat(CouponAdmin.csvField("\r=HYPERLINK(1)")).isEqualTo("\"'\r=HYPERLINK(1)\"");
  }

  @Test
  @DisplayName("a plain field is written as it is, one with a comma or quote is quoted with its quotes doubled, null is empty")
  void plainAndQuoted() {
    assertThat(CouponAdmin.csvField("WELCOME-AB12")).isEqualTo("WELCOME-AB12");
    assertThat(CouponAdmin.csvField("a,b")).isEqualTo("\"a,b\"");
    assertThat(CouponAdmin.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CouponAdmin.csvField("=a,b")).isEqualTo("\"'=a,b\"");
    assertThat(CouponAdmin.csvField(null)).isEmpty();
    assertThat(CouponAdmin.csvField("")).isEmpty();
  }
}
