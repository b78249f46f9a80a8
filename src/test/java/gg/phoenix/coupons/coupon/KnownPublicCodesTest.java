package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KnownPublicCodesTest {

  @Test
  @DisplayName("a code is known as public in its tenant only, once added")
  void perTenant() {
    KnownPublicCodes codes = new KnownPublicCodes();

    codes.add("t-a", "SUMMER");

    assertThat(codes.contains("t-a", "SUMMER")).isTrue();
    assertThat(codes.contains("t-b", "SUMMER")).isFalse();
    assertThat(codes.contains("t-a", "WINTER")).isFalse();
  }

  @Test
  @DisplayName("past its bound it forgets codes instead of growing, and still knows the one just added")
  void bounded() {
    KnownPublicCodes codes = new KnownPublicCodes();

    IntStream.range(0, KnownPublicCodes.MAX_CODES * 2).forEach(i -> codes.add("t-a", "CODE" + i));
    codes.add("t-a", "LAST");

    assertThat(codes.size()).isLessThanOrEqualTo(KnownPublicCodes.MAX_CODES);
    assertThat(codes.contains("t-a", "LAST")).isTrue();
  }
}
