"""Runs guide_flow against the service named by the environment and prints what came back as one JSON line."""
import json
import os

import phoenix_coupons
from phoenix_coupons.models import CouponRequest

from guide_flow import guide_flow
from hmac_signing import HmacSigningApiClient

BASE_URL, TENANT_ID, SECRET = os.environ["BASE_URL"], os.environ["TENANT_ID"], os.environ["TENANT_SECRET"]
definitions, coupons, coupon, check, redeemed, history, second_redeem, made = guide_flow(
    BASE_URL, TENANT_ID, os.environ["PLAYER_JWT"], SECRET, os.environ["DEFINITION_ID"])
# a signed GET with a query, the third positional argument being the player to check (not a request id)
server = phoenix_coupons.QueryApi(HmacSigningApiClient(phoenix_coupons.Configuration(host=BASE_URL), TENANT_ID, SECRET))
other_player = server.validate_code(TENANT_ID, coupon.code, "someone_else")
# the same write three times at once: the hook signs each in a second of its own, so none is refused as a replay
management = phoenix_coupons.ManagementApi(server.api_client)
repeated = [management.generate_coupons(TENANT_ID, os.environ["DEFINITION_ID"], CouponRequest(count=1)).total
            for _ in range(3)]
print("OUTCOME " + json.dumps({
    "definitions": [d.to_dict() | {"config_type": type(d.config).__name__} for d in definitions.definitions],
    "coupons_total": coupons.total,
    "coupon_id": str(coupon.id),
    "coupon_id_type": type(coupon.id).__name__,
    "check_valid": check.valid,
    "redeemed_status": redeemed.status,
    "redemption_id": str(redeemed.redemption_id),
    "history_total": history.total,
    "second_redeem_type": type(second_redeem).__name__,
    "second_redeem": second_redeem.to_dict(),
    "made_user_ids": [c.user_id for c in made.coupons],
    "other_player_error": other_player.error,
    "repeated_totals": repeated,
}, default=str))
