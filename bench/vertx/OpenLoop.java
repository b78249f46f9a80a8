import io.vertx.core.Context;
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
import java.util.concurrent.locks.LockSupport;

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
    double[] lateness = new double[total];
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + 100_000_000L;
    long periodNanos = 1_000_000_000L / rate;
    pace(vertx, start, periodNanos, total, (i, scheduled) -> {
      lateness[i] = (System.nanoTime() - scheduled) / 1e6;
      send(client, pathPrefix + (i + 1), authorization, bodyPrefix + i + "\"}").onComplete(result -> {
        latencies[i] = (System.nanoTime() - scheduled) / 1e6;
        if (result.succeeded() && result.result() == 200) {
          ok.incrementAndGet();
        }
        done.countDown();
      });
    });
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (int second = 0; second < seconds; second++) {
      double worst = Arrays.stream(latencies, second * rate, (second + 1) * rate).max().orElse(0);
      System.err.printf("second %d: slowest %.1f ms%n", second, worst);
    }
    Arrays.sort(latencies);
    Arrays.sort(lateness);
    System.err.printf("generator: requests left p50 %.3f ms, p99 %.3f ms after their scheduled time%n",
        lateness[total / 2], lateness[(int) (total * 0.99)]);
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
    pace(vertx, System.nanoTime(), 1_000_000_000L / rate, count, (i, scheduled) ->
        send(client, pathPrefix + (i + 1), authorization, bodyPrefix + "warm-" + i + "\"}").onComplete(ignored -> done.countDown()));
    done.await();
  }

  interface Request {
    void send(int index, long scheduledNanos);
  }

  /**
   * Request i leaves at start + i * period: a thread of its own sleeps until each one is due and hands it to the
   * client's event loop, so requests leave within a few tens of microseconds of their time. (A 1 ms Vert.x timer
   * would send them 0.5 ms late on average, and that lateness would count as the server's latency.)
   */
  private static void pace(Vertx vertx, long start, long periodNanos, int count, Request request) {
    Context loop = vertx.getOrCreateContext();
    Thread pacer = new Thread(() -> {
      for (int i = 0; i < count; i++) {
        long scheduled = start + i * periodNanos;
        for (long wait = scheduled - System.nanoTime(); wait > 0; wait = scheduled - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        int index = i;
        loop.runOnContext(v -> request.send(index, scheduled));
      }
    }, "pacer");
    pacer.setDaemon(true);
    pacer.start();
  }

  private static Future<Integer> send(HttpClientAgent client, String path, String authorization, String body) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
        .putHeader("Authorization", authorization).putHeader("Content-Type", "application/json");
    return client.request(request)
        .compose(req -> req.send(Buffer.buffer(body)))
        .compose(resp -> resp.body().map(ignored -> resp.statusCode()));
  }
}
