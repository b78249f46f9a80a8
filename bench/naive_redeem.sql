-- A naive application's redemption, as pgbench runs it against the service's own schema and data:
-- read the coupon by code, consume a use with a conditional UPDATE, record the redemption and the
-- outbox event, in one transaction (6 round trips: BEGIN, SELECT, UPDATE, INSERT, INSERT, COMMIT).
-- Each pgbench client walks its own pre-generated codes PGB-<client_id>-<i> (pgbench -D i=0 -D tenant=...).
\set i :i + 1
BEGIN;
SELECT c.id AS coupon_id, c.definition_id AS definition_id, c.status AS coupon_status, c.redemption_count AS uses,
       c.max_uses AS max_uses, d.status AS definition_status, COALESCE(c.expires_at, d.expires_at) AS expires_at
  FROM coupons c JOIN coupon_definitions d ON d.id = c.definition_id
 WHERE c.tenant_id = :tenant AND lower(c.code) = lower('PGB-' || :client_id || '-' || :i) AND c.kind <> 'claim' \gset
UPDATE coupons SET redemption_count = redemption_count + 1, user_id = 'pgb-player-' || :client_id || '-' || :i,
       redeemed_at = now(),
       status = CASE WHEN max_uses IS NOT NULL AND redemption_count + 1 >= max_uses THEN 'redeemed' ELSE status END
 WHERE id = :coupon_id AND status = 'active' AND (max_uses IS NULL OR redemption_count < max_uses);
INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id)
VALUES (:tenant, :coupon_id, :definition_id, 'pgb-player-' || :client_id || '-' || :i);
INSERT INTO outbox_events (event_id, type, tenant_id, payload)
VALUES (gen_random_uuid(), 'coupon.redeemed', :tenant,
        jsonb_build_object('type', 'coupon.redeemed', 'tenant_id', :tenant::text, 'coupon_id', :coupon_id::text,
                           'user_id', 'pgb-player-' || :client_id || '-' || :i, 'occurred_at', now()));
END;
