// Runs guideFlow against the service named by the environment and prints what came back as one JSON line.
import { guideFlow } from "./guide-flow";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

guideFlow(env("BASE_URL"), env("TENANT_ID"), env("PLAYER_JWT"), env("TENANT_SECRET"), env("DEFINITION_ID"))
  .then((o) => console.log("OUTCOME " + JSON.stringify({
    definitions: o.definitions.definitions.map((d) => ({ id: d.id, reward_item_id: d.config.rewardItemId,
      created_at_is_date: d.createdAt instanceof Date })),
    coupons_total: o.coupons.total,
    coupon_id: o.coupon.id,
    check_valid: o.check.valid,
    redeemed_status: o.redeemed.status,
    redemption_id: o.redeemed.redemptionId,
    history_total: o.history.total,
    second_redeem: o.secondRedeem,
    made_user_ids: (o.made.coupons ?? []).map((c) => c.userId),
  })))
  .catch((e) => { console.error(e); process.exitCode = 1; });
