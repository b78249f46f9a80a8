package gg.phoenix.coupons.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import gg.phoenix.coupons.jdkclient.ApiClient;
import gg.phoenix.coupons.jdkclient.ApiException;
import gg.phoenix.coupons.jdkclient.api.ManagementApi;
import gg.phoenix.coupons.jdkclient.api.QueryApi;
import gg.phoenix.coupons.jdkclient.model.CouponRequest;
import gg.phoenix.coupons.jdkclient.model.ErrorBody;
import gg.phoenix.coupons.jdkclient.model.Generation;
import gg.phoenix.coupons.jdkclient.model.RedeemRequest;
import gg.phoenix.coupons.jdkclient.model.RedeemedCoupon;
import gg.phoenix.coupons.jdkclient.model.ValidateResult;
import java.util.UUID;

/** Validate, redeem twice and a signed generation with the generated native client, as docs/clients.md shows it. */
final class NativeGuideFlow {

  record Outcome(ValidateResult check, RedeemedCoupon redeemed, ErrorBody secondRedeem, Generation job) {
  }

  private NativeGuideFlow() {
  }

  static Outcome run(String host, int port, String tenantId, String playerJwt, String secret, UUID definitionId, String code)
      throws ApiException, JsonProcessingException {
    // >>> clients.md: java native example
    ApiClient player = new ApiClient().setScheme("http").setHost(host).setPort(port)
        .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + playerJwt)); // a player's tenant JWT
    QueryApi query = new QueryApi(player);
    ValidateResult check = query.validateCode(tenantId, code, "user_123", null, null, null, null, null);
    RedeemedCoupon redeemed = query.redeemCode(tenantId, code, new RedeemRequest().userId("user_123"), null);
    ErrorBody secondRedeem = null;
    try {
      query.redeemCode(tenantId, code, new RedeemRequest().userId("user_123"), null);
    } catch (ApiException e) { // 400, the body an ErrorBody
      secondRedeem = player.getObjectMapper().readValue(e.getResponseBody(), ErrorBody.class);
    }
    ApiClient server = new ApiClient().setScheme("http").setHost(host).setPort(port)
        .setRequestInterceptor(new NativeHmacSigner(tenantId, secret)); // every request signed
    Generation job = new ManagementApi(server).generateCoupons(tenantId, definitionId, new CouponRequest().count(1001), null);
    // <<< clients.md
    return new Outcome(check, redeemed, secondRedeem, job);
  }
}
