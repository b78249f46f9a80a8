package gg.phoenix.coupons.management;

/**
 * The SQL of batches (docs/campaigns.md): creating one with its generation, keeping its issued and revoked counts in
 * the transactions that change its codes, listing, exporting and revoking it. Counts are read from the batch's row,
 * never counted from the coupons.
 */
final class BatchSql {

  private static final String BATCH_COLUMNS = """
      b.id, b.definition_id, b.label, b.source, b.requested, b.issued, b.redeemed, b.used_up, b.revoked,
      b.revoke_job_id, b.revoked_at, b.created_at
      """;

  /** $1 tenant, $2 definition, $3 label, $4 codes asked for. */
  static final String INSERT = """
      INSERT INTO coupon_batches (tenant_id, definition_id, label, source, requested)
      VALUES ($1, $2, $3, 'generated', $4) RETURNING id
      """;

  /**
   * Counts $2 codes written into batch $1 of tenant $3, on the batch and then on its definition, in the writing
   * transaction.
   */
  static final String COUNT_ISSUED = """
      WITH batch AS (
        UPDATE coupon_batches SET issued = issued + $2 WHERE tenant_id = $3 AND id = $1 RETURNING definition_id
      )
      INSERT INTO definition_stats AS s (tenant_id, definition_id, issued) SELECT $3, definition_id, $2 FROM batch
      ON CONFLICT (tenant_id, definition_id) DO UPDATE SET issued = s.issued + excluded.issued
      """;

  /**
   * Counts coupons revoked in the revoking transaction: $1 definition, $2 batch (null for a code of no batch),
   * $3 how many, $4 how many of them were used up (status redeemed), which no longer count as such, $5 tenant.
   * Every writer of these counts locks the batch's row before the definition's (the insert waits for the batch's
   * update by reading it), so that two of them never wait for each other.
   */
  static final String COUNT_REVOKED = """
      WITH batch AS (
        UPDATE coupon_batches SET revoked = revoked + $3, used_up = used_up - $4 WHERE tenant_id = $5 AND id = $2
        RETURNING id
      )
      INSERT INTO definition_stats AS s (tenant_id, definition_id, revoked)
      SELECT $5, $1, $3 WHERE (SELECT count(*) FROM batch) >= 0
      ON CONFLICT (tenant_id, definition_id) DO UPDATE SET revoked = s.revoked + excluded.revoked
      """;

  static final String GET = "SELECT " + BATCH_COLUMNS + " FROM coupon_batches b WHERE b.tenant_id = $1 AND b.id = $2";

  /**
   * Makes the revocation requests of batch $1 take turns, until the transaction ends. An advisory lock rather than
   * the batch's row lock: a request that held the row while it locked the codes would wait for a coupon that a
   * revocation of that coupon alone holds, while that one waits for the row to count itself on it (a deadlock).
   * Run before {@link #FOR_REVOKE}, in its own statement, so that the read sees what the request before committed.
   */
  static final String LOCK_REVOCATIONS =
      "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('coupon_batches revoke'), hashtext($1::uuid::text))) locked";

  /** The batch as a revocation starts, with whether its own generation is still writing codes into it. */
  static final String FOR_REVOKE = "SELECT " + BATCH_COLUMNS + """
      , EXISTS (SELECT 1 FROM generation_jobs j WHERE j.tenant_id = b.tenant_id AND j.batch_id = b.id
                AND j.kind = 'generate' AND j.status IN ('queued', 'running')) AS generating,
      (SELECT j.status FROM generation_jobs j WHERE j.tenant_id = b.tenant_id AND j.id = b.revoke_job_id) AS revoke_status
      FROM coupon_batches b WHERE b.tenant_id = $1 AND b.id = $2
      """;

  /**
   * A page of a definition's batches, oldest first ($3 the page's size plus one), with the count of all (Pages);
   * {@link #LIST_AFTER} starts after the cursor's created_at $4 and id $5. Index coupon_batches_definition.
   */
  static final String LIST = page("");

  static final String LIST_AFTER = page("AND (b.created_at, b.id) > ($4, $5)");

  private static String page(String after) {
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM coupon_batches WHERE tenant_id = $1 AND definition_id = $2) total"
        + " LEFT JOIN (SELECT " + BATCH_COLUMNS + " FROM coupon_batches b"
        + " WHERE b.tenant_id = $1 AND b.definition_id = $2 " + after
        + " ORDER BY b.created_at, b.id LIMIT $3) page ON true"
        + " ORDER BY page.created_at, page.id";
  }

  /**
   * Revokes the next $3 codes of batch $1 of tenant $4 after id $2, walking the batch by id (index coupons_batch);
   * codes already revoked are passed over. Used-up codes are revoked too, so that rolling back one of their
   * redemptions cannot make them redeemable again. Locks the chunk's rows in id order; a redemption of one of them
   * that commits first is seen (its status), one that comes later finds the code revoked on its locked row.
   */
  static final String REVOKE_CHUNK = """
      WITH chunk AS (
        SELECT id, status FROM coupons WHERE tenant_id = $4 AND batch_id = $1 AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE
      ), revoked AS (
        UPDATE coupons c SET status = 'revoked' FROM chunk
        WHERE c.tenant_id = $4 AND c.id = chunk.id AND chunk.status <> 'revoked'
        RETURNING chunk.status AS was
      )
      SELECT (SELECT count(*) FROM chunk)::int AS examined,
             (SELECT id FROM chunk ORDER BY id DESC LIMIT 1) AS last_id,
             (SELECT count(*) FROM revoked)::int AS revoked,
             (SELECT count(*) FROM revoked WHERE was = 'redeemed')::int AS used_up
      """;

  /** $1 tenant, $2 definition, $3 batch, $4 how many codes the batch holds. */
  static final String INSERT_REVOKE_JOB = """
      INSERT INTO generation_jobs (tenant_id, definition_id, total, status, kind, batch_id)
      VALUES ($1, $2, $3, 'queued', 'revoke', $4) RETURNING id
      """;

  /** $1 batch, $2 its revocation's job (null when revoked at once), $3 tenant. */
  static final String MARK_REVOKING = """
      UPDATE coupon_batches SET revoke_job_id = $2, revoked_at = COALESCE(revoked_at, now()) WHERE tenant_id = $3 AND id = $1
      """;

  static final String EXPORT_PAGE = """
      SELECT c.id, c.code, c.user_id, c.status, c.redemption_count, COALESCE(c.expires_at, d.expires_at) AS expires_at
      FROM coupons c JOIN coupon_definitions d ON d.id = c.definition_id
      WHERE c.tenant_id = $1 AND c.batch_id = $2 AND c.id > $3
      ORDER BY c.id
      LIMIT $4
      """;

  private BatchSql() {
  }
}
