"""The guide's flow with the generated Python client, as docs/clients.md shows it."""
import phoenix_coupons
from phoenix_coupons.exceptions import ApiException
from phoenix_coupons.models import CouponRequest, RedeemRequest

from hmac_signing import HmacSigningApiClient


def guide_flow(base_url, tenant_id, player_jwt, secret, definition_id):
    # >>> clients.md: python example
    player = phoenix_coupons.QueryApi(phoenix_coupons.ApiClient(
        phoenix_coupons.Configuration(host=base_url, access_token=player_jwt)))  # a player's tenant JWT
    definitions = player.list_active_definitions(tenant_id)
    coupons = player.list_user_coupons(tenant_id, "user_123")
    coupon = player.get_user_coupon(tenant_id, "user_123", coupons.coupons[0].id)
    check = player.validate_code(tenant_id, coupon.code, user_id="user_123")
    redeemed = player.redeem_code(tenant_id, coupon.code, RedeemRequest(user_id="user_123"))
    history = player.list_user_redemptions(tenant_id, "user_123", limit=10)
    second_redeem = None
    try:
        player.redeem_code(tenant_id, coupon.code, RedeemRequest(user_id="user_123"))
    except ApiException as e:  # 400, e.data the typed ErrorBody
        second_redeem = e.data
    server = phoenix_coupons.ManagementApi(HmacSigningApiClient(
        phoenix_coupons.Configuration(host=base_url), tenant_id, secret))  # every request signed
    made = server.generate_coupons(tenant_id, definition_id, CouponRequest(user_ids=["user_456"]))
    # <<< clients.md
    return definitions, coupons, coupon, check, redeemed, history, second_redeem, made
