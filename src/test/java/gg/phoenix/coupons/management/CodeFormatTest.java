package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.ApiException;
import io.vertx.core.json.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a definition's config becomes a code format, and the codes it makes: plain logic, no database. */
class CodeFormatTest {

  private static ApiError refusal(JsonObject config) {
    try {
      CodeFormat.from(config);
    } catch (ApiException e) {
      return e.error();
    }
    throw new AssertionError("accepted " + config.encode());
  }

  @Test
  @DisplayName("an empty config is the random format: no prefix, 8 characters, and its config shows the defaults")
  void defaults() {
    CodeFormat format = CodeFormat.from(new JsonObject());

    assertThat(format).isEqualTo(new CodeFormat("random", "", 8, null, null));
    assertThat(format.isFixed()).isFalse();
    assertThat(format.toConfig()).isEqualTo(new JsonObject().put("code_format", "random").put("code_prefix", "").put("code_length", 8));
  }

  @Test
  @DisplayName("a random code is the prefix and code_length characters of an alphabet without 0, O, 1, I or L")
  void randomCodes() {
    CodeFormat format = CodeFormat.from(new JsonObject().put("code_prefix", "WELCOME").put("code_length", 12));
    Random random = new Random(7);

    for (int i = 0; i < 1000; i++) {
      assertThat(format.next(random)).matches("WELCOME[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{12}");
    }
    assertThat(CodeFormat.ALPHABET).doesNotContain("0", "O", "1", "I", "L").hasSize(31);
  }

  @Test
  @DisplayName("a pattern code keeps the pattern's literals and puts an alphabet character for each #")
  void patternCodes() {
    CodeFormat format = CodeFormat.from(new JsonObject().put("code_format", "pattern").put("pattern", "GIFT-####-####"));

    assertThat(format.next(new Random(1))).matches("GIFT-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}");
    assertThat(format.toConfig()).isEqualTo(new JsonObject().put("code_format", "pattern").put("pattern", "GIFT-####-####"));
  }

  @Test
  @DisplayName("a fixed format always makes its one public code")
  void fixedCode() {
    CodeFormat format = CodeFormat.from(new JsonObject().put("code_format", "fixed").put("code", "LAUNCH2025"));

    assertThat(format.isFixed()).isTrue();
    assertThat(format.next(new Random(1))).isEqualTo("LAUNCH2025");
    assertThat(format.next(new Random(2))).isEqualTo("LAUNCH2025");
    assertThat(format.space()).isEqualTo(1);
    assertThat(format.toConfig()).isEqualTo(new JsonObject().put("code_format", "fixed").put("code", "LAUNCH2025"));
  }

  @Test
  @DisplayName("the code space is 31 to the power of the random characters, saturating at Long.MAX_VALUE")
  void space() {
    assertThat(CodeFormat.from(new JsonObject().put("code_length", 4)).space()).isEqualTo(31L * 31 * 31 * 31);
    assertThat(CodeFormat.from(new JsonObject().put("code_format", "pattern").put("pattern", "A-#####")).space())
        .isEqualTo(31L * 31 * 31 * 31 * 31);
    assertThat(CodeFormat.from(new JsonObject().put("code_length", 32)).space()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  @DisplayName("a code_prefix with other characters than letters, digits, '-' and '_' is a 400 invalid_code_prefix")
  void badPrefix() {
    assertThat(refusal(new JsonObject().put("code_prefix", "A/B"))).isEqualTo(ApiError.badRequest("invalid_code_prefix",
        "code_prefix may hold only letters, digits, '-' and '_'"));
    assertThat(refusal(new JsonObject().put("code_prefix", "X".repeat(33))).code()).isEqualTo("invalid_code_prefix");
  }

  @Test
  @DisplayName("a code_length outside 4 to 32 is a 400 invalid_code_length")
  void badLength() {
    assertThat(refusal(new JsonObject().put("code_length", 3))).isEqualTo(ApiError.badRequest("invalid_code_length",
        "code_length must be a whole number from 4 to 32"));
    assertThat(refusal(new JsonObject().put("code_length", 33)).code()).isEqualTo("invalid_code_length");
    assertThat(refusal(new JsonObject().put("code_length", "8")).code()).isEqualTo("invalid_code_length");
  }

  @Test
  @DisplayName("a pattern with fewer than four # or other characters is a 400 invalid_pattern; a missing one too")
  void badPattern() {
    ApiError expected = ApiError.badRequest("invalid_pattern",
        "pattern holds letters, digits, '-', '_' and at least four '#', e.g. GIFT-####-####");
    assertThat(refusal(new JsonObject().put("code_format", "pattern").put("pattern", "GIFT-###"))).isEqualTo(expected);
    assertThat(refusal(new JsonObject().put("code_format", "pattern").put("pattern", "GIFT ####"))).isEqualTo(expected);
    assertThat(refusal(new JsonObject().put("code_format", "pattern")).code()).isEqualTo("invalid_pattern");
  }

  @Test
  @DisplayName("a fixed code shorter than 3 characters or with a space is a 400 invalid_code")
  void badFixedCode() {
    ApiError expected = ApiError.badRequest("invalid_code", "code is 3 to 64 letters, digits, '-' or '_'");
    assertThat(refusal(new JsonObject().put("code_format", "fixed").put("code", "AB"))).isEqualTo(expected);
    assertThat(refusal(new JsonObject().put("code_format", "fixed").put("code", "A B C"))).isEqualTo(expected);
  }

  @Test
  @DisplayName("an unknown code_format is a 400 invalid_code_format naming the three there are")
  void unknownFormat() {
    assertThat(refusal(new JsonObject().put("code_format", "qr")))
        .isEqualTo(ApiError.badRequest("invalid_code_format", "code_format is one of random, pattern, fixed"));
    assertThatThrownBy(() -> CodeFormat.from(new JsonObject().put("code_format", 7))).isInstanceOf(ApiException.class);
  }
}
