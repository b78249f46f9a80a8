/**
 * Start-up only: {@link gg.phoenix.coupons.Main} (the fat jar's entry point), {@link gg.phoenix.coupons.MainVerticle}
 * (configuration, keyset, schema, then every verticle in order), the {@code --reencrypt-secrets} command, the embedded
 * back-ends and the demo data. It imports every package; no package imports it, and no other package deploys or
 * imports a verticle (PackageArrowsTest checks both).
 */
package gg.phoenix.coupons;
