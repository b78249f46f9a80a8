import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Constant-rate load for the latency benchmark: request i is due at start + i / rate, whatever happened to the
 * requests before it, and its latency runs from that scheduled time to the end of its answer, so a stalled server
 * is not hidden (no coordinated omission). Requests wait for one of CONNECTIONS keep-alive connections; that
 * wait counts. One event loop, so the generator takes little of the cores it shares with the service.
 *
 * <p>java -cp $(deps) OpenLoop.java HOST PORT RATE SECONDS CONNECTIONS PATH_PREFIX AUTHORIZATION BODY_PREFIX OUT
 * WARM_PATH_PREFIX sends POST PATH_PREFIX{i} with body BODY_PREFIX{i}"} (after 5 s of the same on WARM_PATH_PREFIX{i})
 * and writes every latency in ms, sorted, one per line, to OUT; it prints "sent ok elapsed_seconds".
 */
public class OpenLoop {

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    String pathPrefix = args[5];
    String authorization = args[6];
    String bodyPrefix = args[7];
    Path out = Path.of(args[8]);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    warmUp(vertx, client, rate, args[9], authorization, bodyPrefix);
    int total = rate * seconds;
    double[] latencies = new double[total];
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + 100_000_000L;
    long periodNanos = 1_000_000_000L / rate;
    int[] next = {0};

    // Every millisecond, send whatever has fallen due since the last tick.
    vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (next[0] < total && start + next[0] * periodNanos <= now) {
        int i = next[0]++;
        long scheduled = start + i * periodNanos;
        send(client, pathPrefix + (i + 1), authorization, bodyPrefix + i + "\"}")
            .onComplete(result -> {
              latencies[i] = (System.nanoTime() - scheduled) / 1e6;
              if (result.succeeded() && result.result() == 200) {
                ok.incrementAndGet();
              }
              done.countDown();
            });
      }
      if (next[0] >= total) {
        vertx.cancelTimer(id);
      }
    });
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (int second = 0; second < seconds; second++) {
      double worst = Arrays.stream(latencies, second * rate, (second + 1) * rate).max().orElse(0);
      System.err.printf("second %d: slowest %.1f ms%n", second, worst);
    }
    Arrays.sort(latencies);
    try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out))) {
      for (double latency : latencies) {
        writer.println(latency);
      }
    }
    System.out.println(total + " " + ok.get() + " " + elapsed);
    vertx.close();
  }

  /**
   * Five seconds of the same requests at the same rate on codes of their own (WARM_PATH_PREFIX{i}), not
   * measured: the connections are open and this generator's code is compiled before the first measured request.
   */
  private static void warmUp(Vertx vertx, HttpClientAgent client, int rate, String pathPrefix, String authorization,
                             String bodyPrefix) throws InterruptedException {
    int count = 5 * rate;
    CountDownLatch done = new CountDownLatch(count);
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    int[] next = {0};
    vertx.setPeriodic(1, id -> {
      while (next[0] < count && start + next[0] * periodNanos <= System.nanoTime()) {
        int i = next[0]++;
        send(client, pathPrefix + (i + 1), authorization, bodyPrefix + "warm-" + i + "\"}").onComplete(ignored -> done.countDown());
      }
      if (next[0] >= count) {
        vertx.cancelTimer(id);
      }
    });
    done.await();
  }

  private static Future<Integer> send(HttpClientAgent client, String path, String authorization, String body) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader("Authorization", authorization).putHeader("Content-Type", "application/json");
    return client.request(request)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(ignored -> resp.statusCode()));
  }
}
