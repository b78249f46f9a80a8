-- The second redemption baseline: a plain 5-statement transaction (BEGIN, SELECT, UPDATE, INSERT, END) on a minimal
-- table of codes, without the service's schema (no joins, no foreign keys, no outbox, no triggers). Each pgbench
-- client walks its own codes MIN-<client_id>-<i> (pgbench -D i=0); bench.py makes the tables.
\set i :i + 1
BEGIN;
SELECT id, used FROM mini_coupons WHERE code = 'MIN-' || :client_id || '-' || :i \gset
UPDATE mini_coupons SET used = true WHERE id = :id AND NOT used;
INSERT INTO mini_redemptions (coupon_id, user_id) VALUES (:id, 'min-player-' || :client_id || '-' || :i);
END;
