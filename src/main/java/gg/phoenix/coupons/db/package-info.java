/**
 * PostgreSQL's plumbing: the process's one pool ({@link gg.phoenix.coupons.db.PgPools}) and the schema's migrations
 * (the SQL scripts under db/migration, and the Java migrations that seal secrets with the service's keyset), and what
stands in for connection start-up parameters behind a transaction-mode pooler ({@link gg.phoenix.coupons.db.PoolerSettings}). The
 * statements themselves live with the packages whose rules they serve; nothing here knows a business rule.
 */
package gg.phoenix.coupons.db;
