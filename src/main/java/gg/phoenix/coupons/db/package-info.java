/**
 * PostgreSQL's plumbing: the process's pools ({@link gg.phoenix.coupons.db.PgPools}), which of them a read-only
 * endpoint reads from ({@link gg.phoenix.coupons.db.ReadRouting}: the read replica while its lag, measured by
 * {@link gg.phoenix.coupons.db.ReplicaLag}, is within bounds and no write pinned the reader to the primary), the
 * schema's migrations (the SQL scripts under db/migration, and the Java migrations that seal secrets with the
 * service's keyset), and what stands in for connection start-up parameters behind a transaction-mode pooler
 * ({@link gg.phoenix.coupons.db.PoolerSettings}). The statements themselves live with the packages whose rules they
 * serve; nothing here knows a business rule.
 */
package gg.phoenix.coupons.db;
