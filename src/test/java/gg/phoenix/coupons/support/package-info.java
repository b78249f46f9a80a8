/**
 * The tests' fixtures, shared by every test package: the back-ends (PostgreSQL, Redis, private servers when a test
 * must kill or flush one), the service deployed as its fat jar would be ({@link gg.phoenix.coupons.support.TestApp}),
 * seeded tenants and their signed clients, raw HTTP, and helpers such as a webhook receiver and a tiny DNS server.
 * Test classes live in the package of the code they test; only what several packages share lives here.
 */
package gg.phoenix.coupons.support;
