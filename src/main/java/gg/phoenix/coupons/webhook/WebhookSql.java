package gg.phoenix.coupons.webhook;

/** The SQL of webhook endpoints and their deliveries. */
final class WebhookSql {

  private static final String UTC_SECONDS = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

  static final String INSERT = """
      INSERT INTO webhooks (tenant_id, url, event_types) VALUES ($1, $2, $3)
      RETURNING id, tenant_id, url, event_types, status, created_at
      """;

  static final String LIST = """
      SELECT id, tenant_id, url, event_types, status, created_at FROM webhooks
      WHERE tenant_id = $1 AND status = 'active'
      ORDER BY created_at, id
      """;

  static final String COUNT_ACTIVE = """
      SELECT count(*) AS n FROM webhooks WHERE tenant_id = $1 AND status = 'active'
      """;

  /** Deleting stops the endpoint's pending deliveries too; its delivery history stays readable. */
  static final String DELETE = """
      WITH hook AS (
        UPDATE webhooks SET status = 'deleted', deleted_at = now()
        WHERE id = $1 AND tenant_id = $2 AND status = 'active'
        RETURNING id
      ), stopped AS (
        UPDATE webhook_deliveries SET status = 'failed', completed_at = now()
        WHERE webhook_id IN (SELECT id FROM hook) AND status = 'pending'
      )
      SELECT id FROM hook
      """;

  static final String EXISTS = """
      SELECT 1 FROM webhooks WHERE id = $1 AND tenant_id = $2
      """;

  static final String DELIVERIES = """
      SELECT d.id, d.event_id, d.event_type, d.status, d.attempts, d.created_at, d.next_attempt_at, d.completed_at,
             count(*) OVER () AS total_count,
             COALESCE((SELECT jsonb_agg(jsonb_build_object(
                         'attempt', a.attempt,
                         'attempted_at', to_char(a.attempted_at AT TIME ZONE 'UTC', %1$s),
                         'duration_ms', a.duration_ms,
                         'status_code', a.status_code,
                         'error', a.error) ORDER BY a.attempt)
                       FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS attempt_log
      FROM webhook_deliveries d
      WHERE d.webhook_id = $1 AND d.tenant_id = $2
      ORDER BY d.created_at DESC, d.id
      LIMIT $3
      """.formatted(UTC_SECONDS);

  /**
   * Claims up to $1 due deliveries of active endpoints by leasing them for $2 seconds (a double): the lease
   * outlasts the request's timeout, so a sender that dies mid-request leaves a delivery that is simply retried.
   * SKIP LOCKED keeps concurrent senders on disjoint rows.
   */
  static final String CLAIM_DUE = """
      UPDATE webhook_deliveries d
      SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
      FROM webhooks w, tenants t
      WHERE d.id IN (
          SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED)
        AND w.id = d.webhook_id AND t.id = d.tenant_id
      RETURNING d.id, d.tenant_id, d.event_id, d.event_type, d.payload, d.attempts, d.created_at, w.url, t.secret_enc
      """;

  /**
   * Records one attempt and the delivery's next state: $1 delivery, $2 attempt number, $3 attempted_at,
   * $4 duration_ms, $5 status code (null when no answer), $6 error, $7 new status, $8 next attempt (when pending).
   */
  static final String RECORD_ATTEMPT = """
      WITH attempt AS (
        INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, duration_ms, status_code, error)
        VALUES ($1, $2, $3, $4, $5, $6)
      )
      UPDATE webhook_deliveries SET
        status = $7,
        next_attempt_at = COALESCE($8, next_attempt_at),
        completed_at = CASE WHEN $7 = 'pending' THEN NULL ELSE now() END
      WHERE id = $1 AND attempts = $2
      """;

  private WebhookSql() {
  }
}
