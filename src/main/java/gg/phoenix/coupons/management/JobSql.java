package gg.phoenix.coupons.management;

/**
 * The SQL of generation jobs (docs/jobs.md). A job is claimed by writing a claim token of its runner into owner;
 * every write of the runner names that token, so a runner whose job was taken over commits nothing more.
 */
final class JobSql {

  static final String INSERT_JOB = """
      INSERT INTO generation_jobs (tenant_id, definition_id, total, status, user_ids, starts_at, expires_at, batch_id)
      VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7) RETURNING id
      """;

  static final String GET_JOB = """
      SELECT id, definition_id, kind, batch_id, status, total, done, imported, rejected, error, created_at, finished_at
      FROM generation_jobs WHERE tenant_id = $1 AND id = $2
      """;

  /**
   * What an instance may claim ($1 JOB_TAKEOVER_MS, $2 JOBS_PER_TENANT, $3 at most how many): first running jobs
   * whose runner stopped renewing its claim (they already hold their tenant's slot), then the oldest queued job of
   * each tenant that has a free slot, the tenant that started a job least recently first. Ordering the tenants by
   * their jobs' age instead would let one tenant's backlog of older jobs take every slot that frees before a
   * newer tenant's job, until the backlog is gone.
   */
  static final String CLAIMABLE = """
      SELECT id, tenant_id FROM (
        SELECT id, tenant_id, 0 AS rank, NULL::timestamptz AS served, created_at FROM generation_jobs
        WHERE status = 'running' AND heartbeat_at < now() - $1::int * interval '1 millisecond'
        UNION ALL
        SELECT oldest.id, oldest.tenant_id, 1, last.served, oldest.created_at FROM (
          SELECT DISTINCT ON (q.tenant_id) q.id, q.tenant_id, q.created_at FROM generation_jobs q
          WHERE q.status = 'queued'
            AND (SELECT count(*) FROM generation_jobs r WHERE r.tenant_id = q.tenant_id AND r.status = 'running') < $2
          ORDER BY q.tenant_id, q.created_at, q.id) oldest
        CROSS JOIN LATERAL (SELECT max(s.started_at) AS served FROM generation_jobs s WHERE s.tenant_id = oldest.tenant_id) last
      ) claimable
      ORDER BY rank, served NULLS FIRST, created_at LIMIT $3
      """;

  /** Claims of one tenant's jobs are made one at a time (across instances), so that JOBS_PER_TENANT holds. */
  static final String LOCK_TENANT_JOBS =
      "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('generation_jobs'), hashtext($1))) locked";

  /**
   * $1 job, $2 the new claim token, $3 JOB_TAKEOVER_MS, $4 JOBS_PER_TENANT: takes a queued job when its tenant has
   * a free slot, or a running one whose claim was not renewed in time (re-checked on the locked row, so that of two
   * instances taking the same job over, one does). Answers what the runner needs, with the definition's config.
   * The claim dates from this statement, not from its transaction's start, which waited for the tenant's lock.
   */
  static final String CLAIM = """
      UPDATE generation_jobs j SET status = 'running', owner = $2, heartbeat_at = statement_timestamp(),
        started_at = COALESCE(j.started_at, now())
      FROM coupon_definitions d
      WHERE j.id = $1 AND d.id = j.definition_id AND (
        (j.status = 'running' AND j.heartbeat_at < now() - $3::int * interval '1 millisecond')
        OR (j.status = 'queued'
          AND (SELECT count(*) FROM generation_jobs r WHERE r.tenant_id = j.tenant_id AND r.status = 'running') < $4))
      RETURNING j.id, j.tenant_id, j.definition_id, j.kind, j.batch_id, j.cursor_id, j.cursor_row, j.total, j.done, j.user_ids,
        j.starts_at, j.expires_at, d.config
      """;

  /**
   * Records a chunk of $3 codes in the chunk's own transaction, while the claim $2 holds and the job stays within
   * its total; $4, when not null, is where the chunk began, for jobs whose chunks must follow one another (players).
   * No row: the claim was lost, and the chunk rolls back. The claim is renewed as of this statement, at the chunk's
   * end: now() would be when the chunk's transaction began, so a chunk that took longer than JOB_TAKEOVER_MS to write
   * would leave its live writer looking dead, to be taken over (and every chunk after as slow, again).
   */
  static final String RECORD_CHUNK = """
      UPDATE generation_jobs SET done = done + $3, heartbeat_at = statement_timestamp()
      WHERE id = $1 AND owner = $2 AND status = 'running' AND done + $3 <= total AND ($4::int IS NULL OR done = $4)
        AND tenant_id = $5
      RETURNING done
      """;

  /**
   * Records a chunk of a revocation: $3 codes looked at, up to the code $4, while the claim $2 holds and the job's
   * walk is where the chunk began ($5), so that a chunk whose commit's answer was lost is not counted twice; $6 the
   * job's tenant.
   */
  static final String RECORD_REVOKE_CHUNK = """
      UPDATE generation_jobs SET done = done + $3, cursor_id = $4, heartbeat_at = statement_timestamp()
      WHERE tenant_id = $6 AND id = $1 AND owner = $2 AND status = 'running' AND cursor_id IS NOT DISTINCT FROM $5
      RETURNING done
      """;

  /**
   * A revocation ends when its walk found no code left, an import when it found no row left: done says then how many
   * it looked at, all of them. $3 the job's tenant.
   */
  static final String COMPLETE_WALK = """
      UPDATE generation_jobs SET status = 'done', finished_at = now(), done = total
      WHERE tenant_id = $3 AND id = $1 AND owner = $2 AND status = 'running'
      RETURNING id
      """;

  /** Answers the claims it renewed: one missing is no longer its runner's (taken over, removed, ended by hand). */
  static final String HEARTBEAT = """
      UPDATE generation_jobs SET heartbeat_at = now() WHERE owner = ANY($1::text[]) AND status = 'running'
      RETURNING owner
      """;

  /**
   * A stopping instance lets its jobs be taken over at once rather than after JOB_TAKEOVER_MS; so does a writer that
   * found its chunk already counted.
   */
  static final String RELEASE = """
      UPDATE generation_jobs SET heartbeat_at = '-infinity' WHERE owner = ANY($1::text[]) AND status = 'running'
      """;

  static final String COMPLETE = """
      UPDATE generation_jobs SET status = 'done', finished_at = now()
      WHERE id = $1 AND owner = $2 AND status = 'running' AND done = total AND tenant_id = $3
      RETURNING id
      """;

  static final String FAIL = """
      UPDATE generation_jobs SET status = 'failed', error = $3, finished_at = now()
      WHERE id = $1 AND owner = $2 AND status = 'running' AND tenant_id = $4
      """;

  private JobSql() {
  }
}
