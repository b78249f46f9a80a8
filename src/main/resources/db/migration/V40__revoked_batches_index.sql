-- Every redemption asks whether its coupon's batch is revoked (coupon.Rule.BATCH_NOT_REVOKED). This index holds the
-- revoked batches only, so the answer for a batch that is not revoked is one probe of a small index, without reading
-- coupon_batches' rows, which the relay updates with every redemption's counts.
CREATE INDEX coupon_batches_revoked ON coupon_batches (tenant_id, id) WHERE revoked_at IS NOT NULL;
