-- Generation jobs queue per tenant, and survive the instance that runs them (docs/jobs.md). A job holds what it
-- needs to be resumed by any instance: its players (assigned codes) and validity window; the code format and uses
-- come from its definition. owner names the claim of the instance running it, renewed in heartbeat_at; a running
-- job whose heartbeat is older than JOB_TAKEOVER_MS is claimed again by another instance, and a chunk of codes
-- commits only while its writer's claim holds.
ALTER TABLE generation_jobs DROP CONSTRAINT generation_jobs_status_check;
ALTER TABLE generation_jobs ADD CONSTRAINT generation_jobs_status_check
  CHECK (status IN ('queued', 'running', 'done', 'failed'));
ALTER TABLE generation_jobs ALTER COLUMN status SET DEFAULT 'queued';
ALTER TABLE generation_jobs
  ADD COLUMN user_ids     text[],
  ADD COLUMN starts_at    timestamptz,
  ADD COLUMN expires_at   timestamptz,
  ADD COLUMN owner        text,
  ADD COLUMN heartbeat_at timestamptz,
  ADD COLUMN started_at   timestamptz;

-- A job left running by a version that kept its plan only in memory cannot be resumed.
UPDATE generation_jobs SET status = 'failed', error = 'internal', finished_at = now() WHERE status = 'running';

CREATE INDEX generation_jobs_unfinished ON generation_jobs (tenant_id, created_at, id) WHERE status IN ('queued', 'running');
