package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every yes-or-no key is read by one rule: true/yes/1 on, false/no/0/empty off, any case; anything else is refused. */
class BooleanKeysTest {

  private static final List<Object> ON = List.of(true, "true", "TRUE", " yes ", "Yes", "1", 1);
  private static final List<Object> OFF = List.of(false, "false", "False", "no", "NO", "0", 0, "", " ");

  private JsonObject defaults;

  @BeforeEach
  void defaults() throws Exception {
    defaults = new JsonObject(Files.readString(Path.of("conf/config.json")));
  }

  @Test
  @DisplayName("CACHE_ENABLED reads true/yes/1 as on and false/no/0/empty as off, as DEMO always has")
  void cacheEnabled() {
    assertReads("CACHE_ENABLED", json -> ServiceConfig.from(json).caches().enabled());
  }

  @Test
  @DisplayName("WEBHOOK_ALLOW_PRIVATE_TARGETS reads true/yes/1 as on and false/no/0/empty as off")
  void webhookAllowPrivateTargets() {
    assertReads("WEBHOOK_ALLOW_PRIVATE_TARGETS", json -> ServiceConfig.from(json).events().webhookAllowPrivateTargets());
  }

  @Test
  @DisplayName("DEMO reads true/yes/1 as on and false/no/0/empty or absent as off")
  void demo() {
    assertReads("DEMO", json -> DeployConfig.from(json).demo());
    JsonObject absent = defaults.copy();
    absent.remove("DEMO");
    assertThat(DeployConfig.from(absent).demo()).isFalse();
  }

  @Test
  @DisplayName("a value outside the rule stops start-up with one line naming the key and the value")
  void refused() {
    assertThatThrownBy(() -> ServiceConfig.from(defaults.copy().put("CACHE_ENABLED", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Configuration key CACHE_ENABLED must be true or false (or yes/no, 1/0), got 'maybe'");
    assertThatThrownBy(() -> ServiceConfig.from(defaults.copy().put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "on")))
        .hasMessage("Configuration key WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false (or yes/no, 1/0), got 'on'");
    assertThatThrownBy(() -> DeployConfig.from(defaults.copy().put("DEMO", 2)))
        .hasMessage("Configuration key DEMO must be true or false (or yes/no, 1/0), got '2'");
  }

  private void assertReads(String key, Function<JsonObject, Boolean> read) {
    ON.forEach(value -> assertThat(read.apply(defaults.copy().put(key, value))).as(key + "=" + value).isTrue());
    OFF.forEach(value -> assertThat(read.apply(defaults.copy().put(key, value))).as(key + "=" + value).isFalse());
  }
}
