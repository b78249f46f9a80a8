-- People of a studio who sign in to the console. An e-mail address names one console user in the whole service,
-- so that signing in needs no tenant id. password_hash is null until the invitation is used; session_epoch counts
-- the user's sign-outs: a session remembers the epoch it began in and ends when the epoch moves on. The address and
-- an invitation's token are looked up before any tenant is known, so these two tables are kept whole, like tenants
-- (docs/scaling.md); their other keys name tenant_id.
CREATE TABLE console_users (
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  tenant_id     text NOT NULL REFERENCES tenants (id),
  email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  role          text NOT NULL CHECK (role IN ('viewer', 'editor', 'owner')),
  password_hash text,
  session_epoch integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX console_users_email ON console_users (email);
CREATE INDEX console_users_tenant_created ON console_users (tenant_id, created_at, id);

-- One open invitation per user: its token is kept only as a SHA-256 digest and is used once.
CREATE TABLE console_invitations (
  tenant_id    text NOT NULL,
  user_id      uuid NOT NULL,
  token_sha256 bytea NOT NULL UNIQUE,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES console_users (tenant_id, id) ON DELETE CASCADE
);
