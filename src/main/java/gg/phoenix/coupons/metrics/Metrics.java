package gg.phoenix.coupons.metrics;

import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;

/**
 * Micrometer metrics in Prometheus format, served at {@code GET /metrics}: Vert.x's HTTP server metrics (latency
 * histograms labelled by route template, method and status; never by raw path, which holds coupon codes and
 * player ids), event-bus, pool and JVM metrics. Metrics must be chosen when Vert.x is built, hence a builder.
 */
public final class Metrics {

  private Metrics() {
  }

  public static VertxBuilder vertxBuilder(VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // two event-bus messages per request, each timed into a histogram, cost more than they tell: the HTTP
        // histograms by route already time the whole hop
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_ADDRESS, Label.POOL_NAME))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
    return Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory());
  }
}
