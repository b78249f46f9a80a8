-- Each webhook endpoint signs its deliveries with a secret of its own (never the tenant's API secret). The
-- previous secret keeps signing alongside the new one until previous_signing_secret_valid_until. Endpoints
-- registered before get a random secret here that nobody has seen: rotating it shows a new one.
ALTER TABLE webhooks
  ADD COLUMN signing_secret text,
  ADD COLUMN previous_signing_secret text,
  ADD COLUMN previous_signing_secret_valid_until timestamptz;

-- Two random UUIDs (244 bits from PostgreSQL's strong random source), as 32 bytes in URL-safe Base64 like the
-- secrets the service makes.
UPDATE webhooks SET signing_secret = 'whsec_' || rtrim(translate(encode(
    uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()), 'base64'), '+/' || chr(10), '-_'), '=');

ALTER TABLE webhooks ALTER COLUMN signing_secret SET NOT NULL;

-- Senders claim due deliveries tenant by tenant (round-robin under a per-tenant cap).
DROP INDEX webhook_deliveries_due;
CREATE INDEX webhook_deliveries_tenant_due ON webhook_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';

-- Attempt errors are categories: older rows held exception texts naming internal hosts and ports.
UPDATE webhook_attempts SET error = CASE
    WHEN error ~ '^HTTP [0-9]{3}$' AND substring(error from 6 for 1) BETWEEN '3' AND '5'
      THEN 'http_' || substring(error from 6 for 1) || 'xx'
    WHEN error ~ '^HTTP ' THEN 'http_invalid'
    WHEN error ILIKE '%timeout%' OR error ILIKE '%timed out%' THEN 'timeout'
    WHEN error ILIKE '%UnknownHost%' OR error ILIKE '%DnsNameResolver%' THEN 'dns_error'
    WHEN error ILIKE '%SSL%' OR error ILIKE '%certificate%' THEN 'tls_error'
    WHEN error ILIKE '%Connect%' OR error ILIKE '%closed%' OR error ILIKE '%reset%' THEN 'refused'
    ELSE 'error' END
  WHERE error IS NOT NULL;
