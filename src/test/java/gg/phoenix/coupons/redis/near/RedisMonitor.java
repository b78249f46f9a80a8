package gg.phoenix.coupons.redis.near;

import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.TestBackends;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every command the Redis server runs, as MONITOR reports it (one line each: time, database and client, command
 * and arguments), collected from a plain socket on a thread of its own. Other test runs may share the server, so
 * callers pick out their own commands by a tenant or definition id the commands carry.
 */
final class RedisMonitor implements AutoCloseable {

  private final Socket socket;
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final Thread reader;

  RedisMonitor() throws IOException {
    URI uri = URI.create(TestBackends.get().redisUrl.split(",")[0]);
    socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String ok = in.readLine();
    if (!"+OK".equals(ok)) {
      throw new IOException("MONITOR answered " + ok);
    }
    reader = new Thread(() -> {
      try {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException closed) {
        // close() ends the thread this way.
      }
    }, "redis-monitor");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Commands seen so far that mention {@code marker}, once a command sent after them (an ECHO) has been
   * seen too, so that nothing the service sent before this call is still on its way.
   */
  List<String> mentioning(String marker, GuardRedis redis) {
    String fence = "fence-" + System.nanoTime();
    redis.echo(fence);
    GuardRedis.awaitTrue(() -> lines.stream().anyMatch(line -> line.contains(fence)), "MONITOR to report " + fence);
    return lines.stream().filter(line -> line.contains(marker)).toList();
  }

  void clear() {
    lines.clear();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
