/**
 * Campaign counts that are too frequent to write one by one: validations per definition and outcome, and lockouts
 * per tenant, counted in memory ({@link gg.phoenix.coupons.stats.CampaignCounters}, shared by the process's
 * verticles) and added to PostgreSQL every STATS_FLUSH_MS by {@link gg.phoenix.coupons.stats.StatsFlushVerticle}.
 * It knows nothing of HTTP or of the coupon rules; the management package reads what it wrote.
 */
package gg.phoenix.coupons.stats;
