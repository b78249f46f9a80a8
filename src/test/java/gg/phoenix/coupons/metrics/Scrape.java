package gg.phoenix.coupons.metrics;

import gg.phoenix.coupons.support.Api;
import java.util.HashMap;
import java.util.Map;

/** One read of GET /metrics: each series (name with its labels, as Prometheus prints it) and its value. */
record Scrape(Map<String, Double> series) {

  static Scrape of(Api api) {
    Api.Response response = api.ops().get("/metrics", Api.NONE);
    if (response.status() != 200) {
      throw new IllegalStateException("GET /metrics answered " + response.status());
    }
    Map<String, Double> series = new HashMap<>();
    for (String line : response.body().split("\n")) {
      int space = line.lastIndexOf(' ');
      if (!line.startsWith("#") && space > 0) {
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return new Scrape(series);
  }

  /** The series' value, 0 when it is not there yet (a counter nothing has counted). */
  double value(String nameAndLabels) {
    return series.getOrDefault(nameAndLabels, 0d);
  }

  /** How much the series grew since {@code before}. */
  double since(Scrape before, String nameAndLabels) {
    return value(nameAndLabels) - before.value(nameAndLabels);
  }
}
