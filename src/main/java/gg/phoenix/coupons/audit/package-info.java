/**
 * The audit log of management changes: writes the entries the dispatchers send ({@code bus.Audits}) and pages a
 * tenant's entries. Knows no HTTP and no other package's tables.
 */
package gg.phoenix.coupons.audit;
