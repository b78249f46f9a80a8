#!/usr/bin/env bash
# The cost of a NOTIFY in every transaction: pgbench runs the plain 5-statement redemption (bench/minimal_redeem.sql)
# with and without a statement trigger on mini_redemptions that NOTIFYs (as outbox_events had before V35), rounds
# alternating A (none), B (trigger). Database coupon_notify_ab (made and dropped). NOTIFY_AB_CLIENTS (16),
# NOTIFY_AB_SECONDS (10), NOTIFY_AB_ROUNDS (2 of each).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=coupon_notify_ab CLIENTS=${NOTIFY_AB_CLIENTS:-16} SECONDS_EACH=${NOTIFY_AB_SECONDS:-10} ROUNDS=${NOTIFY_AB_ROUNDS:-2}
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -Atq)
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
trap '"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
"${PSQL[@]}" -d $DB <<SQL
CREATE TABLE mini_coupons (id bigserial PRIMARY KEY, code text NOT NULL UNIQUE, used boolean NOT NULL DEFAULT false);
CREATE TABLE mini_redemptions (id bigserial PRIMARY KEY, coupon_id bigint NOT NULL, user_id text NOT NULL,
                               redeemed_at timestamptz NOT NULL DEFAULT now());
INSERT INTO mini_coupons (code) SELECT 'MIN-' || c || '-' || i
FROM generate_series(0, $CLIENTS - 1) AS c, generate_series(1, 200000) AS i;
VACUUM ANALYZE mini_coupons;
CREATE FUNCTION mini_notify() RETURNS trigger LANGUAGE plpgsql AS \$\$
BEGIN
  PERFORM pg_notify('mini', '');
  RETURN NULL;
END
\$\$;
SQL
for ((n = 0; n < ROUNDS * 2; n++)); do
  if ((n % 2)); then variant=B; "${PSQL[@]}" -d $DB -c "CREATE TRIGGER mini_notify AFTER INSERT ON mini_redemptions FOR EACH STATEMENT EXECUTE FUNCTION mini_notify()"
  else variant=A; fi
  tps=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_EACH" -D i=$((n * 40000)) \
    -f bench/minimal_redeem.sql $DB | awk '/^tps/ {print $3}')
  echo "round $((n + 1)) $variant: $tps tps ($CLIENTS clients, ${SECONDS_EACH} s)"
  [ $variant = A ] || "${PSQL[@]}" -d $DB -c "DROP TRIGGER mini_notify ON mini_redemptions"
done
