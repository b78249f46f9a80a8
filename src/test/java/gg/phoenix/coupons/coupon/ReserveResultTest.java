package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.coupon.UsageGuard.ReserveResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** reserve_use.lua and UsageGuard give its results the same names and values. */
class ReserveResultTest {

  private static final Pattern NAMED = Pattern.compile("(?m)^local ([A-Z_]+) = (-?\\d+)\\b");

  @Test
  @DisplayName("every result reserve_use.lua names is a ReserveResult with the same value, and the script returns only named results")
  void sameNamesAndValues() throws IOException {
    String script;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("lua/reserve_use.lua")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Integer> named = new HashMap<>();
    Matcher m = NAMED.matcher(script);
    while (m.find()) {
      named.put(m.group(1), Integer.parseInt(m.group(2)));
    }

    assertThat(named).isEqualTo(Arrays.stream(ReserveResult.values())
        .collect(Collectors.toMap(Enum::name, result -> result.code)));
    assertThat(script).doesNotContainPattern("return \\{-?\\d");
  }

  @Test
  @DisplayName("a value the script never answers is not taken for a result")
  void unknownValue() {
    assertThat(ReserveResult.of(-2)).isEqualTo(ReserveResult.OWN_CAP_REACHED);
    assertThatThrownBy(() -> ReserveResult.of(-5)).isInstanceOf(IllegalStateException.class);
  }
}
