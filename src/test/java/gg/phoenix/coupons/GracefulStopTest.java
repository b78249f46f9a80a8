package gg.phoenix.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The service as its own process, started by {@link Main} as the fat jar starts it, stopped by SIGTERM. */
class GracefulStopTest {

  @Test
  @DisplayName("SIGTERM closes the HTTP server first, then the pools, and the process exits 0 within the grace period")
  void sigterm() throws Exception {
    int port = TestApp.freePort();
    Path log = Files.createTempFile("coupon-stop", ".log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    TestBackends.get().serviceConfig(port).forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    env.put("SHUTDOWN_GRACE_SECONDS", "3");
    env.put("EMBEDDED", "false");
    Process process = builder.start();
    try {
      awaitReady(port);

      process.destroy(); // SIGTERM on Linux

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited in time").isTrue();
      String output = Files.readString(log);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("SIGTERM received").contains("HTTP server closed, then pools closed").contains("Stopped");
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  private static void awaitReady(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("service not ready on port " + port + " within 60 s");
  }
}
