package gg.phoenix.coupons.management;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** What every code of one generation request shares, whether made at once or by a job: its batch, among others. */
record CodePlan(String tenantId, UUID definitionId, UUID batchId, Integer maxUses, Instant startsAt, Instant expiresAt,
                CodeFormat format) {

  /** From the definition's config: its code format, and its per-player uses when the limit is per_user. */
  static CodePlan of(String tenantId, UUID definitionId, UUID batchId, JsonObject config, Instant startsAt, Instant expiresAt) {
    JsonObject limit = config.getJsonObject("usage_limit");
    Integer maxUses = limit.getString("limit_type").equals("per_user") ? limit.getInteger("max_uses") : null;
    return new CodePlan(tenantId, definitionId, batchId, maxUses, startsAt, expiresAt, CodeFormat.from(config));
  }

  /** The same plan, writing into {@code batch}. */
  CodePlan inBatch(UUID batch) {
    return new CodePlan(tenantId, definitionId, batch, maxUses, startsAt, expiresAt, format);
  }
}
