package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.api.Timestamps;

/** The SQL of webhook endpoints and their deliveries. */
final class WebhookSql {

  private static final String COLUMNS = """
      id, tenant_id, url, event_types, status, created_at,
      CASE WHEN previous_signing_secret_valid_until > now() THEN previous_signing_secret_valid_until END
        AS previous_secret_valid_until""";

  /** $1 the endpoint's id (its sealed secret $5 is bound to it), $2 tenant, $3 url, $4 event types. */
  static final String INSERT = """
      INSERT INTO webhooks (id, tenant_id, url, event_types, signing_secret_enc) VALUES ($1, $2, $3, $4, $5)
      RETURNING %s
      """.formatted(COLUMNS);

  /** The sealed signing secret of endpoint $1 of tenant $2, locked until the rotation that read it commits. */
  static final String LOCK_SECRET = """
      SELECT signing_secret_enc FROM webhooks WHERE id = $1 AND tenant_id = $2 AND status = 'active' FOR UPDATE
      """;

  /**
   * A new sealed signing secret $2 for endpoint $1 of tenant $5; $3 is the one it replaces, sealed again as the
   * previous secret, which still signs for $4 seconds (an integer), or not at all when $4 is 0 ($3 then null).
   */
  static final String ROTATE_SECRET = """
      UPDATE webhooks SET
        signing_secret_enc = $2,
        previous_signing_secret_enc = $3,
        previous_signing_secret_valid_until = CASE WHEN $4::int > 0 THEN now() + make_interval(secs => $4::int) END
      WHERE id = $1 AND tenant_id = $5
      RETURNING previous_signing_secret_valid_until
      """;

  static final String LIST = """
      SELECT %s FROM webhooks
      WHERE tenant_id = $1 AND status = 'active'
      ORDER BY created_at, id
      """.formatted(COLUMNS);

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

  /** A delivery as the API shows it, with every attempt; {@code d} is webhook_deliveries. */
  private static final String DELIVERY_COLUMNS = """
      d.id, d.event_id, d.event_type, d.status, d.attempts, d.created_at, d.next_attempt_at, d.completed_at,
             COALESCE((SELECT jsonb_agg(jsonb_build_object(
                         'attempt', a.attempt,
                         'attempted_at', %1$s,
                         'duration_ms', a.duration_ms,
                         'status_code', a.status_code,
                         'error', a.error) ORDER BY a.attempt)
                       FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::jsonb) AS attempt_log""".formatted(
      Timestamps.inSql("a.attempted_at"));

  static final String DELIVERIES = """
      SELECT %s,
             count(*) OVER () AS total_count
      FROM webhook_deliveries d
      WHERE d.webhook_id = $1 AND d.tenant_id = $2
      ORDER BY d.created_at DESC, d.id
      LIMIT $3
      """.formatted(DELIVERY_COLUMNS);

  /**
   * An attempt is under way on delivery {@code d} when the sender has claimed it (counted the attempt and leased
   * it, see {@link #CLAIM}) but not yet recorded that attempt, and the lease has not lapsed.
   */
  private static final String ATTEMPT_UNDER_WAY = """
      (d.attempts > 0 AND d.next_attempt_at > now()
       AND NOT EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = d.id AND a.attempt = d.attempts))""";

  /**
   * Makes delivery $1 of endpoint $2 of tenant $3 due now: a failed one becomes pending again for one more round of
   * the schedule, a pending one waiting for its next attempt is brought forward. Nothing changes for a delivered
   * one, one already due, one whose attempt is under way (the row lock and {@link #ATTEMPT_UNDER_WAY} keep a retry
   * from making a second concurrent attempt), or one of an endpoint no longer active. Answers the delivery when it
   * changed.
   */
  static final String RETRY_DELIVERY = """
      UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now(), completed_at = NULL
      WHERE d.id = $1 AND d.webhook_id = $2 AND d.tenant_id = $3
        AND (d.status = 'failed' OR (d.status = 'pending' AND d.next_attempt_at > now()))
        AND NOT %s
        AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.tenant_id = $3 AND w.status = 'active')
      RETURNING d.id
      """.formatted(ATTEMPT_UNDER_WAY);

  /** Delivery $1 of endpoint $2 of tenant $3 as the API shows it, and whether its endpoint is active. */
  static final String DELIVERY = """
      SELECT %s,
             w.status = 'active' AS endpoint_active
      FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.tenant_id = d.tenant_id
      WHERE d.id = $1 AND d.webhook_id = $2 AND d.tenant_id = $3
      """.formatted(DELIVERY_COLUMNS);

  /**
   * The tenants that have due deliveries, with how many (at most $1). The tenants are found by skipping through
   * the (tenant_id, next_attempt_at) index one tenant at a time, so a tenant with a long queue costs one index
   * probe, not a scan of its queue.
   */
  static final String DUE_TENANTS = """
      WITH RECURSIVE pending (tenant_id) AS (
          SELECT min(tenant_id) FROM webhook_deliveries WHERE status = 'pending'
        UNION ALL
          SELECT (SELECT min(d.tenant_id) FROM webhook_deliveries d WHERE d.status = 'pending' AND d.tenant_id > p.tenant_id)
          FROM pending p WHERE p.tenant_id IS NOT NULL
      )
      SELECT p.tenant_id, due.n
      FROM pending p, LATERAL (
        SELECT count(*) AS n FROM (
          SELECT 1 FROM webhook_deliveries d
          WHERE d.tenant_id = p.tenant_id AND d.status = 'pending' AND d.next_attempt_at <= now()
          LIMIT $1) capped) due
      WHERE p.tenant_id IS NOT NULL AND due.n > 0
      """;

  /**
   * Claims, for each tenant of $1 (text[]), up to as many due deliveries as $2 (int[]) says, oldest first, by
   * leasing them for $3 seconds (a double): the lease outlasts the request's timeout, so a sender that dies
   * mid-request leaves a delivery that is simply retried. SKIP LOCKED keeps concurrent senders on disjoint rows.
   * The previous signing secret comes along while its overlap lasts. A delivery whose endpoint is no longer active
   * (a relay's fan-out that read the endpoint before its deletion committed leaves one) is closed as failed here
   * and answered with {@code sendable} false.
   */
  static final String CLAIM = """
      WITH chosen AS (
        SELECT x.id
        FROM unnest($1::text[], $2::int[]) AS wanted (tenant_id, n),
        LATERAL (
          SELECT id FROM webhook_deliveries
          WHERE tenant_id = wanted.tenant_id AND status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT wanted.n
          FOR UPDATE SKIP LOCKED) x
      )
      UPDATE webhook_deliveries d
      SET attempts = CASE WHEN w.status = 'active' THEN d.attempts + 1 ELSE d.attempts END,
          next_attempt_at = now() + make_interval(secs => $3),
          status = CASE WHEN w.status = 'active' THEN d.status ELSE 'failed' END,
          completed_at = CASE WHEN w.status = 'active' THEN d.completed_at ELSE now() END
      FROM chosen, webhooks w
      WHERE d.id = chosen.id AND w.id = d.webhook_id
      RETURNING w.status = 'active' AS sendable,
                d.id, d.webhook_id, d.tenant_id, d.event_id, d.event_type, d.payload, d.attempts, d.created_at, w.url,
                w.signing_secret_enc,
                CASE WHEN w.previous_signing_secret_valid_until > now() THEN w.previous_signing_secret_enc END
                  AS previous_signing_secret_enc
      """;

  /**
   * Records one attempt and the delivery's next state: $1 delivery, $2 attempt number, $3 attempted_at,
   * $4 duration_ms, $5 status code (null when no answer), $6 error, $7 new status, $8 next attempt (when pending).
   * A delivery stopped while its attempt was under way (its endpoint deleted) keeps its state, unless the attempt
   * delivered it: a failed attempt never makes it pending again.
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
      WHERE id = $1 AND attempts = $2 AND (status = 'pending' OR $7 = 'delivered')
      """;

  private WebhookSql() {
  }
}
