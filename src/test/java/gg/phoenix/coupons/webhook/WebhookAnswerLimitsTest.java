package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestService;
import gg.phoenix.coupons.support.WebhookTenant;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Endpoints that answer a status and then never finish their body: one streams it as fast as it can, one trickles
 * it. The sender needs the status only; it must not keep reading (each such attempt used to leave its connection
 * open for as long as the endpoint kept sending, a connection more per retry, read on the service's event loops).
 */
class WebhookAnswerLimitsTest {

  private static final long TIMEOUT_MS = 1_000;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("WEBHOOK_TIMEOUT_MS", TIMEOUT_MS)
      .put("WEBHOOK_RETRY_BASE_MS", 300)
      .put("WEBHOOK_RETRY_MAX_MS", 300)
      .put("WEBHOOK_POLL_MS", 50));

  @Fixture private static Api api;
  @Fixture private static Streams streams;
  private static final List<String> tenants = new CopyOnWriteArrayList<>();
  private static EndlessEndpoint flooding;
  private static EndlessEndpoint trickling;

  @BeforeAll
  static void startEndpoints(Vertx vertx) throws Exception {
    flooding = new EndlessEndpoint(vertx, 16 * 1024, 5);
    trickling = new EndlessEndpoint(vertx, 8, 100);
  }

  @AfterAll
  static void close() throws Exception {
    flooding.close();
    trickling.close();
    tenants.forEach(streams::delete);
  }

  @Test
  @DisplayName("an endpoint that answers 200 and then streams its body without end is cut off after 64 KiB: the delivery is delivered and the connection closed")
  void endlessBody() {
    WebhookTenant tenant = new WebhookTenant(api);
    tenants.add(tenant.id());
    String webhook = tenant.register(flooding.url("/flood")).getString("id");

    tenant.redeem("user_1");
    JsonObject attempt = tenant.awaitAttempts(webhook, 1, Duration.ofSeconds(15)).get(0);

    assertThat(attempt.getInteger("status_code")).isEqualTo(200);
    assertThat(attempt.getString("error")).isNull();
    assertThat(attempt.getInteger("duration_ms")).isLessThan((int) TIMEOUT_MS);
    assertThat(tenant.deliveries(webhook).getJsonArray("deliveries").getJsonObject(0).getString("status")).isEqualTo("delivered");
    Streams.until("the flooding connection closed by the sender", Duration.ofSeconds(5), () -> flooding.openConnections() == 0);
    assertThat(flooding.connections()).isEqualTo(1);
  }

  @Test
  @DisplayName("an endpoint that answers 200 and trickles its body past the timeout fails the attempt with timeout, and each attempt's connection is closed with it")
  void tricklingBody() {
    WebhookTenant tenant = new WebhookTenant(api);
    tenants.add(tenant.id());
    String webhook = tenant.register(trickling.url("/trickle")).getString("id");

    tenant.redeem("user_1");
    List<JsonObject> attempts = tenant.awaitAttempts(webhook, 3, Duration.ofSeconds(20));

    assertThat(attempts).extracting(a -> a.getString("error")).containsOnly("timeout");
    // the next attempt may be under way, with its own connection; the earlier ones must be gone
    Streams.until("the connections of finished attempts closed", Duration.ofSeconds(5), () -> trickling.openConnections() <= 1);
    assertThat(trickling.connections()).isGreaterThanOrEqualTo(3);
  }

  /**
   * A raw listener that reads a request's head, answers {@code 200} with a chunked body and then writes a chunk of
   * {@code chunkBytes} every {@code everyMs} for as long as the connection stays open. Counts connections.
   */
  private static final class EndlessEndpoint implements AutoCloseable {

    private final Vertx vertx;
    private final NetServer server;
    private final List<AtomicBoolean> open = new CopyOnWriteArrayList<>();

    EndlessEndpoint(Vertx vertx, int chunkBytes, long everyMs) throws Exception {
      this.vertx = vertx;
      String chunk = Integer.toHexString(chunkBytes) + "\r\n" + "x".repeat(chunkBytes) + "\r\n";
      Buffer chunkBuffer = Buffer.buffer(chunk, StandardCharsets.US_ASCII.name());
      this.server = vertx.createNetServer().connectHandler(socket -> serve(socket, chunkBuffer, everyMs));
      server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    private void serve(NetSocket socket, Buffer chunk, long everyMs) {
      AtomicBoolean alive = new AtomicBoolean(true);
      open.add(alive);
      StringBuilder head = new StringBuilder();
      AtomicBoolean answered = new AtomicBoolean();
      socket.closeHandler(v -> alive.set(false));
      socket.handler(data -> {
        head.append(data.toString(StandardCharsets.ISO_8859_1));
        if (head.indexOf("\r\n\r\n") < 0 || !answered.compareAndSet(false, true)) {
          return;
        }
        socket.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n");
        vertx.setPeriodic(everyMs, timer -> {
          if (!alive.get()) {
            vertx.cancelTimer(timer);
          } else if (!socket.writeQueueFull()) {
            socket.write(chunk);
          }
        });
      });
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.actualPort() + path;
    }

    int connections() {
      return open.size();
    }

    long openConnections() {
      return open.stream().filter(AtomicBoolean::get).count();
    }

    @Override
    public void close() throws Exception {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }
}
