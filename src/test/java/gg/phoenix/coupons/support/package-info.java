/**
 * The tests' fixtures, shared by every test package. {@link gg.phoenix.coupons.support.TestService} is the one way a
 * test class gets the service: it deploys it once per class (as its fat jar would, {@link
 * gg.phoenix.coupons.support.TestApp}) and fills {@link gg.phoenix.coupons.support.Fixture} fields and parameters
 * with a fresh tenant, its secret and signed clients, and the class's helpers. Only tests whose subject is an
 * instance's start, stop or back-ends (embedded mode, key rotation, job takeover, a Redis cluster, proxy or restart,
 * a schema of their own) start instances themselves, with {@link gg.phoenix.coupons.support.TestApp}. Beside it: the
 * back-ends (PostgreSQL, Redis, private servers when a test must kill or flush one), seeded data, raw HTTP, a webhook
 * receiver, a tiny DNS server and the capture of standard output. Test classes live in the package of the code they
 * test; only what several packages share lives here.
 */
package gg.phoenix.coupons.support;
