-- Tenants are the studios. The secret signs their JWTs and HMAC requests; after a rotation the previous
-- secret keeps working until previous_secret_valid_until.
CREATE TABLE tenants (
  id                          text PRIMARY KEY,
  name                        text NOT NULL,
  status                      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  secret                      text NOT NULL,
  previous_secret             text,
  previous_secret_valid_until timestamptz,
  created_at                  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reward_items (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL REFERENCES tenants (id),
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  reward_type text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reward_items_tenant ON reward_items (tenant_id);

-- config keeps the definition's settings as the API shows them; the columns after it are what the
-- rules read, derived from config once when the definition is written.
CREATE TABLE coupon_definitions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        text NOT NULL REFERENCES tenants (id),
  name             text NOT NULL,
  description      text NOT NULL DEFAULT '',
  config           jsonb NOT NULL,
  reward_item_id   uuid NOT NULL REFERENCES reward_items (id),
  coupon_type      text NOT NULL DEFAULT 'reward',
  case_sensitive   boolean NOT NULL DEFAULT false,
  uses_per_coupon  integer CHECK (uses_per_coupon > 0),
  total_uses_cap   integer CHECK (total_uses_cap > 0),
  total_uses       integer NOT NULL DEFAULT 0,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
  starts_at        timestamptz,
  expires_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- the last line of defence against over-redemption: PostgreSQL refuses a count past the cap
  CHECK (total_uses_cap IS NULL OR total_uses <= total_uses_cap)
);
CREATE INDEX coupon_definitions_tenant ON coupon_definitions (tenant_id, status);

-- kind: 'coupon' is a code of its own (assigned to a player, or unassigned until its first redemption);
-- 'public' is the one row of a public code (code_format fixed), never redeemed itself;
-- 'claim' is one player's share of a public code, carrying that player's uses.
CREATE TABLE coupons (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        text NOT NULL REFERENCES tenants (id),
  definition_id    uuid NOT NULL REFERENCES coupon_definitions (id),
  kind             text NOT NULL DEFAULT 'coupon' CHECK (kind IN ('coupon', 'public', 'claim')),
  user_id          text,
  code             text NOT NULL,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'redeemed', 'revoked')),
  redemption_count integer NOT NULL DEFAULT 0 CHECK (redemption_count >= 0),
  max_uses         integer CHECK (max_uses > 0),
  generated_at     timestamptz NOT NULL DEFAULT now(),
  starts_at        timestamptz,
  expires_at       timestamptz,
  redeemed_at      timestamptz,
  CHECK (max_uses IS NULL OR redemption_count <= max_uses)
);
-- Codes are unique per tenant whatever their case; a player's claims share their public code's text.
CREATE UNIQUE INDEX coupons_code_key ON coupons (tenant_id, lower(code)) WHERE kind <> 'claim';
CREATE UNIQUE INDEX coupons_claim_key ON coupons (definition_id, user_id) WHERE kind = 'claim';
CREATE INDEX coupons_user ON coupons (tenant_id, user_id, generated_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX coupons_definition ON coupons (definition_id);

CREATE TABLE redemptions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       text NOT NULL,
  coupon_id       uuid NOT NULL REFERENCES coupons (id),
  definition_id   uuid NOT NULL REFERENCES coupon_definitions (id),
  user_id         text NOT NULL,
  redeemed_at     timestamptz NOT NULL DEFAULT now(),
  rolled_back_at  timestamptz,
  rollback_reason text
);
CREATE INDEX redemptions_user ON redemptions (tenant_id, user_id, redeemed_at DESC);
CREATE INDEX redemptions_coupon ON redemptions (coupon_id);
