package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.support.TestBackends;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The commands the test Redis server ran while something happened, as MONITOR reports them. */
final class RedisCommands {

  private RedisCommands() {
  }

  /** Runs {@code action} under MONITOR; answers every command seen until a fence sent afterwards comes back. */
  static List<String> during(Runnable action) throws IOException, InterruptedException {
    URI uri = URI.create(TestBackends.get().redisUrl.split(",")[0]);
    ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    try (Socket monitor = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
         Socket fence = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
      BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8));
      monitor.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
      if (!"+OK".equals(in.readLine())) {
        throw new IOException("MONITOR refused");
      }
      Thread reader = new Thread(() -> {
        try {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException closed) {
          // the socket closes at the end
        }
      });
      reader.setDaemon(true);
      reader.start();
      action.run();
      String token = "fence-" + System.nanoTime();
      fence.getOutputStream().write(("ECHO " + token + "\r\n").getBytes(StandardCharsets.US_ASCII));
      long deadline = System.currentTimeMillis() + 10_000;
      while (lines.stream().noneMatch(line -> line.contains(token)) && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      return List.copyOf(lines);
    }
  }
}
