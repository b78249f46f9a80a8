package gg.phoenix.coupons.management;

/**
 * The SQL of code imports (docs/campaigns.md): staging an upload's rows, turning a verified upload into a job, the
 * job's chunks (rows $2 < row_no <= $3 of upload $1), and the error report.
 */
final class ImportSql {

  static final String BEGIN = "INSERT INTO import_uploads (id, tenant_id) VALUES ($1, $2)";

  /** Uploads never verified nor discarded (their instance died while they streamed) are removed after a day. */
  static final String SWEEP_STALE = """
      WITH stale AS (DELETE FROM import_uploads WHERE started_at < now() - interval '24 hours' RETURNING id)
      DELETE FROM import_rows WHERE upload_id IN (SELECT id FROM stale)
      """;

  static final String STAGE = """
      INSERT INTO import_rows (upload_id, row_no, code, user_id, reason)
      SELECT $1, u.row_no, u.code, u.user_id, u.reason
      FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS u(row_no, code, user_id, reason)
      """;

  /** Removes an upload and its rows unless it became a job (which removed its upload row): then nothing. */
  static final String DISCARD = """
      WITH upload AS (DELETE FROM import_uploads WHERE id = $1 RETURNING id)
      DELETE FROM import_rows WHERE upload_id IN (SELECT id FROM upload)
      """;

  /** The upload becomes a job: no longer discardable. Answers how many rows it staged. */
  static final String ADOPT = """
      WITH upload AS (DELETE FROM import_uploads WHERE id = $1 AND tenant_id = $2 RETURNING id)
      SELECT (SELECT count(*) FROM upload) AS found, (SELECT count(*) FROM import_rows WHERE upload_id = $1) AS rows
      """;

  /**
   * Brings the staging table's statistics up to date once an upload of up to a million rows went in: without them the
   * planner guesses a few hundred rows per upload and finds each chunk's end by sorting every row left.
   */
  static final String ANALYZE = "ANALYZE import_rows";

  /** $1 tenant, $2 definition, $3 label, $4 rows. */
  static final String INSERT_BATCH = """
      INSERT INTO coupon_batches (tenant_id, definition_id, label, source, requested)
      VALUES ($1, $2, $3, 'imported', $4) RETURNING id
      """;

  /** The job has the upload's id, so that its rows are found by it. */
  static final String INSERT_JOB = """
      INSERT INTO generation_jobs (id, tenant_id, definition_id, kind, total, status, batch_id, imported, rejected)
      VALUES ($1, $2, $3, 'import', $4, 'queued', $5, 0, 0)
      """;

  /** Where the chunk after row $2 ends: its last row and how many rows it holds (at most $3). */
  static final String CHUNK_END = """
      SELECT max(row_no) AS last, count(*) AS rows
      FROM (SELECT row_no FROM import_rows WHERE upload_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3) chunk
      """;

  /**
   * Rows whose code the tenant already has, in any case ($4 tenant): a code this import wrote (batch $5) was an
   * earlier row of the same file; any other is the tenant's.
   */
  static final String MARK_EXISTING = """
      UPDATE import_rows r SET reason = CASE WHEN c.batch_id = $5 THEN 'duplicate_in_file' ELSE 'duplicate_code' END
      FROM coupons c
      WHERE r.upload_id = $1 AND r.row_no > $2 AND r.row_no <= $3 AND r.reason IS NULL
        AND c.tenant_id = $4 AND lower(c.code) = lower(r.code) AND c.kind <> 'claim'
      """;

  /** Of the chunk's rows with one code in any case, the first stays; the others are duplicates within the file. */
  static final String MARK_REPEATS = """
      UPDATE import_rows r SET reason = 'duplicate_in_file'
      FROM (SELECT row_no, row_number() OVER (PARTITION BY lower(code) ORDER BY row_no) AS nth
            FROM import_rows WHERE upload_id = $1 AND row_no > $2 AND row_no <= $3 AND reason IS NULL) d
      WHERE r.upload_id = $1 AND r.row_no = d.row_no AND d.nth > 1
      """;

  /**
   * The chunk's remaining rows become coupons of batch $7 ($4 tenant, $5 definition, $6 per-player uses); a code
   * another writer took meanwhile is skipped by PostgreSQL. Answers how many were candidates and how many went in.
   */
  static final String INSERT_CODES = """
      WITH candidates AS (
        SELECT code, user_id FROM import_rows
        WHERE upload_id = $1 AND row_no > $2 AND row_no <= $3 AND reason IS NULL
      ), inserted AS (
        INSERT INTO coupons (tenant_id, definition_id, max_uses, batch_id, code, user_id)
        SELECT $4, $5, $6, $7, code, user_id FROM candidates
        ON CONFLICT (tenant_id, lower(code)) WHERE kind <> 'claim' DO NOTHING
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM candidates) AS candidates, (SELECT count(*) FROM inserted) AS inserted
      """;

  /** Candidates that did not go in: another writer made the code between the check and the insert ($4 tenant, $5 batch). */
  static final String MARK_TAKEN = """
      UPDATE import_rows r SET reason = 'duplicate_code'
      WHERE r.upload_id = $1 AND r.row_no > $2 AND r.row_no <= $3 AND r.reason IS NULL
        AND NOT EXISTS (SELECT 1 FROM coupons c WHERE c.tenant_id = $4 AND lower(c.code) = lower(r.code)
                        AND c.kind <> 'claim' AND c.batch_id = $5)
      """;

  /** Imported rows leave the staging table; rejected ones stay for the error report. */
  static final String REMOVE_IMPORTED = """
      DELETE FROM import_rows WHERE upload_id = $1 AND row_no > $2 AND row_no <= $3 AND reason IS NULL
      """;

  /**
   * Records a chunk of $3 rows, $4 of them imported, up to row $5, while the claim $2 holds and the job's walk is
   * where the chunk began ($6), so that a chunk whose commit's answer was lost is not counted twice.
   */
  static final String RECORD_CHUNK = """
      UPDATE generation_jobs SET done = done + $3, imported = imported + $4, rejected = rejected + $3 - $4,
        cursor_row = $5, heartbeat_at = statement_timestamp()
      WHERE id = $1 AND owner = $2 AND status = 'running' AND COALESCE(cursor_row, 0) = $6
      RETURNING done
      """;

  static final String IMPORT_JOB = """
      SELECT cursor_row FROM generation_jobs WHERE tenant_id = $1 AND id = $2 AND kind = 'import'
      """;

  /** A page of the rejected rows the job has checked ($3 after this row, $4 at most this many). */
  static final String ERRORS_PAGE = """
      SELECT r.row_no, r.code, r.reason FROM import_rows r JOIN generation_jobs j ON j.id = r.upload_id
      WHERE j.tenant_id = $1 AND j.id = $2 AND j.kind = 'import'
        AND r.row_no > $3 AND r.row_no <= COALESCE(j.cursor_row, 0) AND r.reason IS NOT NULL
      ORDER BY r.row_no LIMIT $4
      """;

  private ImportSql() {
  }
}
