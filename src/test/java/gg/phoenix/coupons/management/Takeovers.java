package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What the takeover tests share: settings under which a dead owner's job changes hands within seconds, the job's row
 * held while the owner goes (so that "mid-job" does not depend on how fast the machine writes), and the service in a
 * process of its own, to be killed.
 */
final class Takeovers {

  static final JsonObject FAST_TAKEOVER = new JsonObject()
      .put("JOB_HEARTBEAT_MS", 200).put("JOB_TAKEOVER_MS", 1500).put("JOB_POLL_MS", 200);

  private Takeovers() {
  }

  /**
   * Runs {@code whileLocked} (another instance starts, the owner stops; or time passes) while the test holds the job's
   * row, so that the job cannot change hands nor count a chunk before it is over; then lets the row go.
   */
  static <T> T holdingJobRow(String job, Callable<T> whileLocked) throws Exception {
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      conn.setAutoCommit(false);
      st.execute("SELECT id FROM generation_jobs WHERE id = '" + job + "' FOR UPDATE");
      T result = whileLocked.call();
      conn.rollback();
      return result;
    }
  }

  /**
   * Kills the owner's process (SIGKILL) while another instance starts on {@code vertx}, the job's row held meanwhile
   * so that the job changes hands only afterwards; answers the new instance.
   */
  static Api killedAndTakenOver(Vertx vertx, String job, Process owner) throws Exception {
    return holdingJobRow(job, () -> {
      Api started = TestApp.start(vertx, FAST_TAKEOVER);
      owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      return started;
    });
  }

  /** Waits (a minute at most) until the job's row meets {@code condition}. */
  static void awaitRow(String job, String condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (Seed.count("SELECT count(*) FROM generation_jobs WHERE id = ?::uuid AND " + condition, UUID.fromString(job)) == 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  /** The claim the job runs under now. */
  static String owner(String job) {
    return (String) Seed.scalar("SELECT owner FROM generation_jobs WHERE id = ?::uuid", UUID.fromString(job));
  }

  /** The service in a process of its own, on the test back-ends, as the fat jar would run it; its log in target/{log}. */
  static Process startProcess(int port, String log) throws Exception {
    JsonObject config = TestBackends.get().serviceConfig(port).mergeIn(FAST_TAKEOVER);
    ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "gg.phoenix.coupons.Main")
        .redirectErrorStream(true)
        .redirectOutput(new File("target/" + log));
    Map<String, String> env = builder.environment();
    config.forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    Process process = builder.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return process;
      } catch (java.io.IOException notYet) {
        assertThat(process.isAlive()).as("the service process is running (target/" + log + ")").isTrue();
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the service process did not start; see target/" + log);
  }
}
