-- Every management change, whoever made it: the console user, the studio's signed server or the operator.
-- before/after are the changed thing as the API shows it, secrets left out. Every change belongs to a tenant (a
-- tenant created, to itself), and the log is read per tenant.
CREATE TABLE audit_log (
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL,
  actor       text NOT NULL,
  action      text NOT NULL,
  target_id   text,
  before      jsonb,
  after       jsonb,
  request_id  text,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_tenant_created ON audit_log (tenant_id, created_at DESC, id DESC);
