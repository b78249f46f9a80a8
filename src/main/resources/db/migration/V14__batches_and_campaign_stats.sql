-- Batches: every generation of a definition's codes is one batch, with an optional label; its counts are kept as
-- the codes change, never counted from the coupons at read time (docs/campaigns.md). issued and revoked change in
-- the transactions that write or revoke codes; redeemed (uses, net of rollbacks) and used_up (codes whose last use
-- is spent: status redeemed) are kept by the outbox relay from the events it publishes, in its own transaction.
-- Every key and statement of these tables names tenant_id, so that they can be distributed by it (docs/scaling.md).
CREATE TABLE coupon_batches (
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  tenant_id     text NOT NULL REFERENCES tenants (id),
  definition_id uuid NOT NULL REFERENCES coupon_definitions (id),
  label         text,
  source        text NOT NULL CHECK (source IN ('generated')),
  requested     integer NOT NULL CHECK (requested >= 0),
  issued        integer NOT NULL DEFAULT 0,
  redeemed      bigint NOT NULL DEFAULT 0,
  used_up       integer NOT NULL DEFAULT 0,
  revoked       integer NOT NULL DEFAULT 0,
  revoke_job_id uuid,
  revoked_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX coupon_batches_definition ON coupon_batches (tenant_id, definition_id, created_at, id);

-- tenant_id and batch_id never change once written, so this index leaves redemptions' updates of coupons HOT.
ALTER TABLE coupons ADD COLUMN batch_id uuid,
  ADD FOREIGN KEY (tenant_id, batch_id) REFERENCES coupon_batches (tenant_id, id);
CREATE INDEX coupons_batch ON coupons (tenant_id, batch_id, id) WHERE batch_id IS NOT NULL;

-- A job either writes a batch's codes (generate) or revokes them (revoke, walking the batch by id from cursor_id).
ALTER TABLE generation_jobs
  ADD COLUMN kind      text NOT NULL DEFAULT 'generate' CHECK (kind IN ('generate', 'revoke')),
  ADD COLUMN batch_id  uuid,
  ADD COLUMN cursor_id uuid,
  ADD FOREIGN KEY (tenant_id, batch_id) REFERENCES coupon_batches (tenant_id, id);

-- A definition's counts. issued and revoked change with the codes; redemptions, rollbacks and players are kept
-- by the relay. The counting tables carry their tenant_id without a foreign key to tenants: their writers (the
-- relay, the flush) need no lock on the tenant's row.
CREATE TABLE definition_stats (
  tenant_id     text NOT NULL,
  definition_id uuid NOT NULL REFERENCES coupon_definitions (id),
  issued        bigint NOT NULL DEFAULT 0,
  revoked       bigint NOT NULL DEFAULT 0,
  redemptions   bigint NOT NULL DEFAULT 0,
  rollbacks     bigint NOT NULL DEFAULT 0,
  players       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, definition_id)
);

-- A player's uses of a definition net of rollbacks: players counts those above zero. last_change is what the last
-- write added, so that the writing statement tells from its own RETURNING whether the player crossed zero.
CREATE TABLE definition_players (
  tenant_id     text NOT NULL,
  definition_id uuid NOT NULL,
  user_id       text NOT NULL,
  uses          integer NOT NULL,
  last_change   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, definition_id, user_id)
);

-- Redemptions made and rolled back per minute, hour and day (UTC), of a definition or of a batch (scope_id is
-- either's id); kept by the relay.
CREATE TABLE redemption_series (
  tenant_id   text NOT NULL,
  scope_id    uuid NOT NULL,
  bucket      text NOT NULL CHECK (bucket IN ('minute', 'hour', 'day')),
  starts_at   timestamptz NOT NULL,
  redemptions bigint NOT NULL DEFAULT 0,
  rollbacks   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, scope_id, bucket, starts_at)
);

-- Validations answered per definition and outcome ('ok' or the refusal's error code), and lockouts per tenant (a
-- lockout follows codes that match no coupon, so it belongs to no definition). Counted in each instance's memory and
-- added here every STATS_FLUSH_MS: a crash loses at most one interval of them.
CREATE TABLE validation_counts (
  tenant_id     text NOT NULL,
  definition_id uuid NOT NULL,
  outcome       text NOT NULL,
  count         bigint NOT NULL,
  PRIMARY KEY (tenant_id, definition_id, outcome)
);

CREATE TABLE lockout_counts (
  tenant_id text PRIMARY KEY,
  count     bigint NOT NULL
);

-- The counts of what was there before, as the tables have them. Codes made before batches belong to no batch: giving
-- them one would rewrite every row of coupons here, holding their locks (and redemptions) until the migration ends.
INSERT INTO definition_players (tenant_id, definition_id, user_id, uses)
SELECT tenant_id, definition_id, user_id, count(*) FROM redemptions WHERE rolled_back_at IS NULL
GROUP BY tenant_id, definition_id, user_id;

INSERT INTO definition_stats (tenant_id, definition_id, issued, revoked, redemptions, rollbacks, players)
SELECT d.tenant_id, d.id, COALESCE(c.issued, 0), COALESCE(c.revoked, 0), COALESCE(r.made, 0), COALESCE(r.undone, 0),
       COALESCE(p.players, 0)
FROM coupon_definitions d
LEFT JOIN (SELECT definition_id, count(*) FILTER (WHERE kind = 'coupon') AS issued,
                  count(*) FILTER (WHERE status = 'revoked') AS revoked
           FROM coupons GROUP BY definition_id) c ON c.definition_id = d.id
LEFT JOIN (SELECT definition_id, count(*) AS made, count(rolled_back_at) AS undone
           FROM redemptions GROUP BY definition_id) r ON r.definition_id = d.id
LEFT JOIN (SELECT definition_id, count(*) AS players FROM definition_players GROUP BY definition_id) p
  ON p.definition_id = d.id;

INSERT INTO redemption_series (tenant_id, scope_id, bucket, starts_at, redemptions, rollbacks)
SELECT tenant_id, scope_id, bucket, starts_at, sum(made), sum(undone) FROM (
  SELECT s.tenant_id, s.scope_id, b.bucket, date_trunc(b.bucket, s.at, 'UTC') AS starts_at, s.made, s.undone
  FROM (
    SELECT r.tenant_id, r.definition_id AS scope_id, r.redeemed_at AS at, 1 AS made, 0 AS undone FROM redemptions r
    UNION ALL
    SELECT r.tenant_id, r.definition_id, r.rolled_back_at, 0, 1 FROM redemptions r WHERE r.rolled_back_at IS NOT NULL
  ) s CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS b(bucket)
) counted
GROUP BY tenant_id, scope_id, bucket, starts_at;
