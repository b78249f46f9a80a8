/**
 * What operators watch: readiness and metrics. Micrometer in Prometheus format (Vert.x's meters and the service's
 * own, fed by {@link gg.phoenix.coupons.metrics.Counters}) and {@link gg.phoenix.coupons.metrics.HealthVerticle},
 * which owns the connections readiness is judged by. It counts and reports, changes no data, and leaves the
 * endpoints that show it (/metrics, /health/*) to http.
 */
package gg.phoenix.coupons.metrics;
