// The guide's flow with the generated typescript-fetch client, as docs/clients.md shows it.
import { Configuration, ErrorBody, ErrorBodyFromJSON, ManagementApi, QueryApi, ResponseError } from "./client";
import { hmacSigning } from "./hmac-signing";

export async function guideFlow(baseUrl: string, tenantId: string, playerJwt: string, secret: string, definitionId: string) {
  // >>> clients.md: typescript example
  const player = new QueryApi(new Configuration({ basePath: baseUrl, accessToken: playerJwt })); // a player's tenant JWT
  const definitions = await player.listActiveDefinitions({ tenantId });
  const coupons = await player.listUserCoupons({ tenantId, userId: "user_123" });
  const coupon = await player.getUserCoupon({ tenantId, userId: "user_123", couponId: coupons.coupons[0].id });
  const check = await player.validateCode({ tenantId, code: coupon.code, userId: "user_123" });
  const redeemed = await player.redeemCode({ tenantId, code: coupon.code, redeemRequest: { userId: "user_123" } });
  const history = await player.listUserRedemptions({ tenantId, userId: "user_123", limit: 10 });
  let secondRedeem: ErrorBody | undefined;
  try {
    await player.redeemCode({ tenantId, code: coupon.code, redeemRequest: { userId: "user_123" } });
  } catch (e) { // 400: the typed ErrorBody
    if (e instanceof ResponseError) secondRedeem = ErrorBodyFromJSON(await e.response.json());
  }
  const server = new ManagementApi(new Configuration({ basePath: baseUrl, middleware: [hmacSigning(tenantId, secret)] }));
  const made = await server.generateCoupons({ tenantId, id: definitionId, couponRequest: { userIds: ["user_456"] } });
  // <<< clients.md
  return { definitions, coupons, coupon, check, redeemed, history, secondRedeem, made };
}
