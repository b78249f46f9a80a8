"""Runs guide_flow against the service named by the environment and prints what came back as one JSON line."""
import json
import os

from guide_flow import guide_flow

definitions, coupons, coupon, check, redeemed, history, second_redeem, made = guide_flow(
    os.environ["BASE_URL"], os.environ["TENANT_ID"], os.environ["PLAYER_JWT"], os.environ["TENANT_SECRET"],
    os.environ["DEFINITION_ID"])
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
}, default=str))
