package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Studio;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Redemption attempts sent without waiting, and the checks every guard test makes on their answers. */
final class Attempts {

  static final JsonObject LIMIT_EXCEEDED = new JsonObject()
      .put("error", "usage_limit_exceeded").put("message", "Usage limit exceeded");
  static final JsonObject ALREADY_REDEEMED = new JsonObject()
      .put("error", "coupon_already_redeemed").put("message", "Coupon has already been redeemed");

  private Attempts() {
  }

  static CompletableFuture<Api.Response> redeem(Studio studio, String code, String userId) {
    return studio.api.sendAsync("POST", studio.path("/redeem/" + code),
        new JsonObject().put("user_id", userId).encode(), studio.server, List.of());
  }

  static List<Api.Response> join(List<CompletableFuture<Api.Response>> sent) {
    return sent.stream().map(CompletableFuture::join).toList();
  }

  /** Every answer is a 200 or the given 400 body: nothing else, no 5xx. */
  static void onlySuccessesOr(List<Api.Response> answers, JsonObject refusal) {
    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isIn(200, 400);
      if (r.status() == 400) {
        assertThat(r.json()).isEqualTo(refusal);
      }
    });
  }

  static long successes(List<Api.Response> answers) {
    return answers.stream().filter(r -> r.status() == 200).count();
  }
}
