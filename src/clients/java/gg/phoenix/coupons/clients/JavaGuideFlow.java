package gg.phoenix.coupons.clients;

import gg.phoenix.coupons.client.ApiClient;
import gg.phoenix.coupons.client.ApiException;
import gg.phoenix.coupons.client.api.ManagementApi;
import gg.phoenix.coupons.client.api.QueryApi;
import gg.phoenix.coupons.client.model.Coupon;
import gg.phoenix.coupons.client.model.CouponList;
import gg.phoenix.coupons.client.model.CouponRequest;
import gg.phoenix.coupons.client.model.DefinitionList;
import gg.phoenix.coupons.client.model.ErrorBody;
import gg.phoenix.coupons.client.model.Generation;
import gg.phoenix.coupons.client.model.RedeemRequest;
import gg.phoenix.coupons.client.model.RedeemedCoupon;
import gg.phoenix.coupons.client.model.RedemptionList;
import gg.phoenix.coupons.client.model.ValidateResult;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import okhttp3.OkHttpClient;

/** The guide's flow with the generated okhttp-gson client, as docs/clients.md shows it. */
final class JavaGuideFlow {

  /** What each call answered, typed as the generated client types it. */
  record Outcome(DefinitionList definitions, CouponList coupons, Coupon coupon, ValidateResult check,
                 RedeemedCoupon redeemed, RedemptionList history, ErrorBody secondRedeem, Generation made) {
  }

  private JavaGuideFlow() {
  }

  static Outcome run(String baseUrl, String tenantId, String playerJwt, String secret, UUID definitionId)
      throws ApiException, IOException {
    // >>> clients.md: java example
    ApiClient player = new ApiClient().setBasePath(baseUrl);
    player.setBearerToken(playerJwt); // a player's tenant JWT (sub user_123)
    QueryApi query = new QueryApi(player);
    DefinitionList definitions = query.listActiveDefinitions(tenantId, null, null);
    CouponList coupons = query.listUserCoupons(tenantId, "user_123", null, null);
    Coupon coupon = query.getUserCoupon(tenantId, "user_123", coupons.getCoupons().get(0).getId());
    ValidateResult check = query.validateCode(tenantId, coupon.getCode(), "user_123", null, null, null, null, null);
    RedeemedCoupon redeemed = query.redeemCode(tenantId, coupon.getCode(), new RedeemRequest().userId("user_123"), null);
    RedemptionList history = query.listUserRedemptions(tenantId, "user_123", 10);
    ErrorBody secondRedeem = null;
    try {
      query.redeemCode(tenantId, coupon.getCode(), new RedeemRequest().userId("user_123"), null);
    } catch (ApiException e) { // 400: {"error": "coupon_already_redeemed", "message": "Coupon has already been redeemed"}
      secondRedeem = ErrorBody.fromJson(e.getResponseBody());
    }
    ApiClient server = new ApiClient(new OkHttpClient.Builder().addInterceptor(new HmacSigner(tenantId, secret)).build())
        .setBasePath(baseUrl); // a studio's server: every request signed, no bearer token
    Generation made = new ManagementApi(server)
        .generateCoupons(tenantId, definitionId, new CouponRequest().userIds(List.of("user_456")), null);
    // <<< clients.md
    return new Outcome(definitions, coupons, coupon, check, redeemed, history, secondRedeem, made);
  }
}
