-- Code generation requests too large to answer at once run as jobs; progress is read from here.
CREATE TABLE generation_jobs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     text NOT NULL REFERENCES tenants (id),
  definition_id uuid NOT NULL REFERENCES coupon_definitions (id),
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  total         integer NOT NULL CHECK (total > 0),
  done          integer NOT NULL DEFAULT 0,
  error         text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX generation_jobs_tenant ON generation_jobs (tenant_id, created_at DESC);
