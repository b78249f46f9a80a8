package gg.phoenix.coupons.management;

/**
 * The SQL of code imports (docs/campaigns.md): staging an upload's rows, turning a verified upload into a job, the
 * job's chunks (the rows after row $2 of upload $1), and the error report.
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

  /**
   * One chunk of the walk, in one statement: the first $3 rows after row $2 of upload $1 are checked and moved.
   * Of the chunk's rows not refused when staged, the first of each code (in any case) is inserted into batch $7 ($4
   * tenant, $5 definition, $6 per-player uses); the unique index on the tenant's codes turns away, row by row, every
   * code the tenant already has, an earlier chunk's included. Only the rows that did not go in are then looked up, to
   * say why: a code of this batch was an earlier row of the file ({@code duplicate_in_file}); any other the tenant's
   * ({@code duplicate_code}, also when its writer committed after this statement began, so that this statement does
   * not see it). A later row with the code of an earlier row of the chunk is {@code duplicate_in_file}, unless the
   * code was the tenant's before. Imported rows leave the staging table; rejected ones keep their reason there.
   * Answers the chunk's rows, its last row (null when no row is left) and how many rows were imported.
   * <p>
   * No step joins the chunk with all the tenant's codes: each code costs one probe of the unique index, which the
   * insert makes anyway, and a rejected one a second probe (a subquery per row, so that no plan can turn it into a
   * scan of the tenant's codes), so that a chunk costs the same whether the tenant has a thousand codes or a million.
   * The imported rows are removed by one walk of the chunk's range of the staging table's key.
   */
  static final String CHUNK = """
      WITH chunk AS MATERIALIZED (
        SELECT row_no, code, user_id, reason FROM import_rows
        WHERE upload_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3
      ), firsts AS MATERIALIZED (
        SELECT DISTINCT ON (lower(code)) row_no, code, user_id FROM chunk
        WHERE reason IS NULL ORDER BY lower(code), row_no
      ), inserted AS (
        INSERT INTO coupons (tenant_id, definition_id, max_uses, batch_id, code, user_id)
        SELECT $4, $5, $6, $7, code, user_id FROM firsts
        ON CONFLICT (tenant_id, lower(code)) WHERE kind <> 'claim' DO NOTHING
        RETURNING code
      ), imported AS MATERIALIZED (
        SELECT f.row_no FROM firsts f JOIN inserted i ON i.code = f.code
      ), refused AS MATERIALIZED (
        SELECT c.row_no,
               CASE (SELECT x.batch_id IS NOT DISTINCT FROM $7 FROM coupons x
                     WHERE x.tenant_id = $4 AND lower(x.code) = lower(c.code) AND x.kind <> 'claim')
                 WHEN true THEN 'duplicate_in_file'
                 WHEN false THEN 'duplicate_code'
                 ELSE CASE WHEN c.row_no IN (SELECT row_no FROM firsts) THEN 'duplicate_code' ELSE 'duplicate_in_file' END
               END AS reason
        FROM chunk c
        WHERE c.reason IS NULL AND c.row_no NOT IN (SELECT row_no FROM imported)
      ), marked AS (
        UPDATE import_rows r SET reason = f.reason FROM refused f
        WHERE r.upload_id = $1 AND r.row_no > $2 AND r.row_no <= (SELECT max(row_no) FROM chunk) AND r.row_no = f.row_no
      ), removed AS (
        DELETE FROM import_rows r
        WHERE r.upload_id = $1 AND r.row_no > $2 AND r.row_no <= (SELECT max(row_no) FROM chunk) AND r.reason IS NULL
          AND r.row_no NOT IN (SELECT row_no FROM refused)
      )
      SELECT (SELECT count(*) FROM chunk) AS rows, (SELECT max(row_no) FROM chunk) AS last,
             (SELECT count(*) FROM imported) AS imported
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
