package gg.phoenix.coupons.management;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Studio;
import io.vertx.core.json.JsonObject;

/** Reading a generation job over the API, as a studio polls it. */
final class Jobs {

  private Jobs() {
  }

  static JsonObject get(Api api, Studio studio, String jobId) {
    return api.get(studio.path("/jobs/" + jobId), studio.server).json();
  }

  /** Polls until the job is done or failed (or 120 s pass), answering its last state. */
  static JsonObject awaitEnd(Api api, Studio studio, String jobId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    JsonObject job = get(api, studio, jobId);
    while (!isOver(job) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      job = get(api, studio, jobId);
    }
    return job;
  }

  static boolean isOver(JsonObject job) {
    return "done".equals(job.getString("status")) || "failed".equals(job.getString("status"));
  }
}
