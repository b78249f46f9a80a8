-- Every management change, whoever made it: the console user, the studio's signed server or the operator.
-- before/after are the changed thing as the API shows it, secrets left out.
CREATE TABLE audit_log (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text,
  actor       text NOT NULL,
  action      text NOT NULL,
  target_id   text,
  before      jsonb,
  after       jsonb,
  request_id  text,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_log_tenant_created ON audit_log (tenant_id, created_at DESC, id DESC);
