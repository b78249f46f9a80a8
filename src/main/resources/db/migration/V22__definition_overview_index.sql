-- The console's list of every definition of a tenant, whatever its status, paged by (created_at, id).
CREATE INDEX coupon_definitions_tenant_created ON coupon_definitions (tenant_id, created_at, id);
