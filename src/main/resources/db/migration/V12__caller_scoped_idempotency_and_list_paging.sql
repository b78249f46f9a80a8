-- Idempotency keys belong to their caller: the scope (tenant_id: a tenant id, or ':admin' for the operator,
-- which no tenant id can spell) and, within it, who called ('player:<sub>' for a player's token, 'hmac' for the
-- studio's signed requests, 'server-jwt' for a token without sub, 'operator'). Two players sending the same key
-- never see each other's answer.
ALTER TABLE idempotency_keys ADD COLUMN caller text;
-- Keys stored before had no caller. Management requests were HMAC only, and the studio's server may read every
-- player's data anyway, so the tenants' keys go to it; the operator's went under '_admin', a legal tenant id.
UPDATE idempotency_keys SET caller = 'hmac' WHERE tenant_id <> '_admin';
UPDATE idempotency_keys SET tenant_id = ':admin', caller = 'operator' WHERE tenant_id = '_admin';
-- Stored answers never keep a secret (a new or rotated tenant secret): replays say it was withheld.
UPDATE idempotency_keys SET response = response || '{"secret": null, "secret_withheld": true}'::jsonb
  WHERE response ->> 'secret' IS NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN caller SET NOT NULL;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (tenant_id, caller, key);

-- Lists page by keyset (the sort key of a page's last item): indexes in their order. A player's coupons already
-- have theirs: coupons_user (tenant_id, user_id, generated_at DESC).
CREATE INDEX coupon_definitions_active ON coupon_definitions (tenant_id, created_at, id) WHERE status = 'active';
CREATE INDEX reward_items_tenant_created ON reward_items (tenant_id, created_at, id);
DROP INDEX reward_items_tenant;
