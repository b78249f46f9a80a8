/**
 * The management API's rules and SQL: tenants (for the platform operator), reward items, definitions, code
 * generation, revocation and export (for the studios' servers), and {@link gg.phoenix.coupons.management.TenantVerticle},
 * which answers authentication's questions about tenants. Requests arrive over the event bus, already authenticated;
 * nothing here knows HTTP, and coupons are read and redeemed by the coupon package, not here.
 */
package gg.phoenix.coupons.management;
