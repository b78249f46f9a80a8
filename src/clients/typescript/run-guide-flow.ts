// Runs guideFlow against the service named by the environment and prints what came back as one JSON line.
import { Configuration, ManagementApi } from "./client";
import { guideFlow } from "./guide-flow";
import { hmacSigning } from "./hmac-signing";

declare const process: { env: Record<string, string | undefined>; exitCode?: number };

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** The same write three times at once: the hook signs each in a second of its own, so none is refused as a replay. */
async function repeatedWrites(): Promise<number[]> {
  const server = new ManagementApi(new Configuration({ basePath: env("BASE_URL"),
    middleware: [hmacSigning(env("TENANT_ID"), env("TENANT_SECRET"))] }));
  const totals: number[] = [];
  for (let i = 0; i < 3; i++) {
    const made = await server.generateCoupons({ tenantId: env("TENANT_ID"), id: env("DEFINITION_ID"), couponRequest: { count: 1 } });
    totals.push(made.total ?? -1);
  }
  return totals;
}

guideFlow(env("BASE_URL"), env("TENANT_ID"), env("PLAYER_JWT"), env("TENANT_SECRET"), env("DEFINITION_ID"))
  .then(async (o) => ({ o, repeated: await repeatedWrites() }))
  .then(({ o, repeated }) => console.log("OUTCOME " + JSON.stringify({
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
    repeated_totals: repeated,
  })))
  .catch((e) => { console.error(e); process.exitCode = 1; });
