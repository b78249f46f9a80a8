package gg.phoenix.coupons.idempotency;

/** The SQL of idempotency keys: every statement names the key by scope ($1), caller ($2) and key ($3). */
public final class IdempotencySql {

  /**
   * Claims a key: a new one, or one whose first request died (still running after the stale delay), or
   * one past its 24 hours. No row back means the key is held: read it with {@link #FIND}.
   */
  static final String CLAIM = """
      INSERT INTO idempotency_keys (tenant_id, caller, key, fingerprint) VALUES ($1, $2, $3, $4)
      ON CONFLICT (tenant_id, caller, key) DO UPDATE
        SET fingerprint = EXCLUDED.fingerprint, status = 0, response = NULL, created_at = now()
        WHERE (idempotency_keys.status = 0 AND idempotency_keys.created_at < now() - make_interval(secs => $5))
           OR idempotency_keys.created_at < now() - interval '24 hours'
      RETURNING key
      """;

  static final String FIND = """
      SELECT fingerprint, status, response FROM idempotency_keys WHERE tenant_id = $1 AND caller = $2 AND key = $3
      """;

  /** Stores the response ($4 status, $5 body); the redemption runs it inside its own transaction. */
  public static final String COMPLETE = """
      UPDATE idempotency_keys SET status = $4, response = $5 WHERE tenant_id = $1 AND caller = $2 AND key = $3
      """;

  /** Frees the key of a request that changed nothing, so that a retry runs again. */
  static final String RELEASE = "DELETE FROM idempotency_keys WHERE tenant_id = $1 AND caller = $2 AND key = $3 AND status = 0";

  static final String EXPIRE = "DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'";

  private IdempotencySql() {
  }
}
