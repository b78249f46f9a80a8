/**
 * Where the service may send requests of its own (webhook deliveries): parsing a target URL's host the way URL
 * parsers do, telling public addresses from the service's own networks, and resolving a name once so that the
 * connection goes to the address that was checked. Knows nothing of webhooks, HTTP routes or SQL.
 */
package gg.phoenix.coupons.egress;
