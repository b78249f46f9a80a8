package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Validations sent at once share lookup statements (CouponSql.FIND_BY_CODES): each must still get the answer for its
 * own entry, whatever else its statement carried.
 */
class BatchedLookupsTest {

  /** The unknown codes sent here are the test's, not a guesser's: no lockout. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("LOOKUP_FAILURE_LIMIT", 1_000_000));

  @Fixture private static Api api;
  private static ExecutorService callers;

  @BeforeAll
  static void startCallers() {
    callers = Executors.newFixedThreadPool(24);
  }

  @AfterAll
  static void stopCallers() {
    callers.shutdownNow();
  }

  /** A code to validate through {@code as}, and the code of the coupon it must find (null: none). */
  private record Case(TenantFixture as, String entered, String finds) {
  }

  private static List<String> coupons(TenantFixture tenant, DefinitionSpec spec, int count) {
    UUID definition = tenant.definition(spec);
    return IntStream.range(0, count).mapToObj(i -> tenant.coupon(definition, null, Seed.uniqueCode("BATCH")).code()).toList();
  }

  @Test
  @DisplayName("validations sent at once each find their own coupon: not another tenant's, not a case-sensitive code in the wrong case, not an unknown code")
  void eachAnswerItsOwn() throws Exception {
    TenantFixture ours = new TenantFixture();
    TenantFixture theirs = new TenantFixture();
    List<Case> cases = new ArrayList<>();
    for (String code : coupons(ours, DefinitionSpec.singleUse(), 30)) {
      cases.add(new Case(ours, code, code));
      cases.add(new Case(ours, code.toLowerCase(Locale.ROOT), code));
      cases.add(new Case(theirs, code, null));
    }
    for (String code : coupons(ours, DefinitionSpec.singleUse().caseSensitive(true), 15)) {
      cases.add(new Case(ours, code, code));
      cases.add(new Case(ours, code.toLowerCase(Locale.ROOT), null));
    }
    IntStream.range(0, 15).forEach(i -> cases.add(new Case(ours, Seed.uniqueCode("NONE"), null)));

    for (int round = 0; round < 3; round++) {
      Collections.shuffle(cases);
      List<Future<JsonObject>> answers = new ArrayList<>();
      for (Case c : cases) {
        answers.add(callers.submit(() -> api.get(c.as().path("/validate/" + c.entered()), c.as().server()).json()));
      }
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        JsonObject answer = answers.get(i).get();
        if (c.finds() == null) {
          assertThat(answer.getString("error")).as(c.entered() + ": " + answer.encode()).isEqualTo("Coupon code not found");
        } else {
          assertThat(answer.getBoolean("valid")).as(c.entered() + ": " + answer.encode()).isTrue();
          assertThat(answer.getJsonObject("coupon").getString("code")).isEqualTo(c.finds());
          assertThat(answer.getJsonObject("coupon").getString("tenant_id")).isEqualTo(c.as().id());
        }
      }
    }
  }
}
