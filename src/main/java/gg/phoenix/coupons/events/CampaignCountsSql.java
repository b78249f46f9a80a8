package gg.phoenix.coupons.events;

/**
 * Keeps the campaign counts that follow from redemptions and rollbacks (docs/campaigns.md), from the events a relay
 * publishes, in the transaction that marks them published: each event is counted exactly when it is published,
 * once, and the redeeming transactions carry no statement for it.
 */
final class CampaignCountsSql {

  /**
   * Counts the events $1 (event ids of one batch) of types coupon.redeemed and coupon.redemption_rolled_back. The
   * redemption row (its definition, player and times) and the coupon's batch are read by primary key, in the event's
   * tenant, and every count is written under it. A player is
   * counted while their uses of the definition, net of rollbacks, are above zero (the row's uses before this write
   * are its uses less last_change, so no join is needed to tell). A code is used up when a
   * redemption leaves it redeemed, and no longer when a rollback leaves it active with one use short of its
   * maximum. Every write is grouped first, so no statement touches a row twice. The definitions' rows are written
   * after the batches' (their insert reads the batches' update), the order every writer of these counts keeps.
   */
  static final String COUNT_PUBLISHED = """
      WITH counted AS (
        SELECT e.tenant_id, r.definition_id, c.batch_id, r.user_id,
               CASE WHEN e.type = 'coupon.redeemed' THEN 1 ELSE -1 END AS delta,
               CASE WHEN e.type = 'coupon.redeemed' THEN r.redeemed_at ELSE r.rolled_back_at END AS at,
               CASE WHEN e.type = 'coupon.redeemed' AND e.payload -> 'coupon' ->> 'status' = 'redeemed' THEN 1
                    WHEN e.type = 'coupon.redemption_rolled_back' AND e.payload -> 'coupon' ->> 'status' = 'active'
                      AND c.max_uses = (e.payload -> 'coupon' ->> 'redemption_count')::int + 1 THEN -1
                    ELSE 0 END AS used_up
        FROM outbox_events e
        JOIN redemptions r ON r.tenant_id = e.tenant_id AND r.id = (e.payload ->> 'redemption_id')::uuid
        JOIN coupons c ON c.tenant_id = r.tenant_id AND c.id = r.coupon_id
        WHERE e.event_id = ANY($1) AND e.type IN ('coupon.redeemed', 'coupon.redemption_rolled_back')
      ), batches AS (
        UPDATE coupon_batches b SET redeemed = b.redeemed + x.delta, used_up = b.used_up + x.used_up
        FROM (SELECT tenant_id, batch_id, sum(delta) AS delta, sum(used_up) AS used_up FROM counted
              WHERE batch_id IS NOT NULL GROUP BY tenant_id, batch_id) x
        WHERE b.tenant_id = x.tenant_id AND b.id = x.batch_id
        RETURNING b.id
      ), per_player AS (
        SELECT tenant_id, definition_id, user_id, sum(delta)::int AS delta FROM counted
        GROUP BY tenant_id, definition_id, user_id
      ), players AS (
        INSERT INTO definition_players AS p (tenant_id, definition_id, user_id, uses, last_change)
        SELECT tenant_id, definition_id, user_id, delta, delta FROM per_player
        ON CONFLICT (tenant_id, definition_id, user_id)
          DO UPDATE SET uses = p.uses + excluded.uses, last_change = excluded.uses
        RETURNING p.tenant_id, p.definition_id, p.uses, p.uses - p.last_change AS before
      ), player_changes AS (
        SELECT tenant_id, definition_id,
               sum(CASE WHEN uses > 0 AND before <= 0 THEN 1 WHEN uses <= 0 AND before > 0 THEN -1 ELSE 0 END) AS players
        FROM players GROUP BY tenant_id, definition_id
      ), definitions AS (
        INSERT INTO definition_stats AS s (tenant_id, definition_id, redemptions, rollbacks, players)
        SELECT d.tenant_id, d.definition_id, d.redemptions, d.rollbacks, COALESCE(pc.players, 0)
        FROM (SELECT tenant_id, definition_id, count(*) FILTER (WHERE delta > 0) AS redemptions,
                     count(*) FILTER (WHERE delta < 0) AS rollbacks
              FROM counted GROUP BY tenant_id, definition_id) d
        LEFT JOIN player_changes pc USING (tenant_id, definition_id)
        WHERE (SELECT count(*) FROM batches) >= 0
        ON CONFLICT (tenant_id, definition_id) DO UPDATE SET redemptions = s.redemptions + excluded.redemptions,
          rollbacks = s.rollbacks + excluded.rollbacks, players = s.players + excluded.players
      ), series AS (
        INSERT INTO redemption_series AS t (tenant_id, scope_id, bucket, starts_at, redemptions, rollbacks)
        SELECT tenant_id, scope_id, bucket, date_trunc(bucket, at, 'UTC'),
               count(*) FILTER (WHERE delta > 0), count(*) FILTER (WHERE delta < 0)
        FROM (SELECT tenant_id, definition_id AS scope_id, at, delta FROM counted
              UNION ALL
              SELECT tenant_id, batch_id, at, delta FROM counted WHERE batch_id IS NOT NULL) scoped
        CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS b(bucket)
        GROUP BY tenant_id, scope_id, bucket, date_trunc(bucket, at, 'UTC')
        ON CONFLICT (tenant_id, scope_id, bucket, starts_at) DO UPDATE SET redemptions = t.redemptions + excluded.redemptions,
          rollbacks = t.rollbacks + excluded.rollbacks
      )
      SELECT count(*) AS counted FROM counted
      """;

  private CampaignCountsSql() {
  }
}
