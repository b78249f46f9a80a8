package gg.phoenix.coupons.console;

import static gg.phoenix.coupons.support.ConsoleClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.ConsoleClient;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing console passwords: every test here sends from 127.0.0.1, so each has a service of its own (the counts
 * are kept per process) with a limit of 3.
 */
class ConsoleBruteForceTest {

  private static final String PASSWORD = "violet staple 8 kettles";
  private static final JsonObject CONFIG = ConsoleClient.serviceConfig().put("CONSOLE_LOGIN_FAILURE_LIMIT", 3);

  @RegisterExtension
  static final TestService SERVICE = TestService.with(CONFIG);
  @RegisterExtension
  static final TestService SECOND = TestService.another(CONFIG);

  @Fixture private static Api api;

  private static String activeUser(Api on) {
    return ConsoleClient.activeUser(on, ADMIN, Seed.tenant().id(), "viewer", PASSWORD);
  }

  @Test
  @DisplayName("after 3 wrong passwords for one account it answers 429 with Retry-After, even to the right password")
  void bruteForceOnAccount() {
    String email = activeUser(api);
    ConsoleClient guesser = new ConsoleClient(api);
    for (int i = 0; i < 3; i++) {
      assertThat(guesser.signIn(email, "wrong password " + i).status()).isEqualTo(401);
    }

    Api.Response refused = new ConsoleClient(api).signIn(email.toUpperCase(), PASSWORD);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.json().getString("error")).isEqualTo("too_many_attempts");
    assertThat(refused.json().getString("message")).startsWith("Too many failed sign-ins");
  }

  @Test
  @DisplayName("after 3 wrong passwords from one address, spread over accounts, that address answers 429 for any account")
  void bruteForceFromAddress() {
    Api second = SECOND.api();
    String email = activeUser(second);
    ConsoleClient sprayer = new ConsoleClient(second);
    for (int i = 0; i < 3; i++) {
      assertThat(sprayer.signIn("someone-" + i + "@studio.example", "Summer2026!pass").status()).isEqualTo(401);
    }

    Api.Response refused = new ConsoleClient(second).signIn(email, PASSWORD);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
  }
}
