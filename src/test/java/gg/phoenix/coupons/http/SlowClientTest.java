package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections held open without a request: headers trickled a byte at a time (slowloris), a connection that sends
 * nothing, an idle keep-alive one. The service here runs with HTTP_HEADER_TIMEOUT_SECONDS=2 and
 * HTTP_IDLE_TIMEOUT_SECONDS=5, so that the defaults' 10 s and 30 s need not be waited for.
 */
class SlowClientTest {

  private static final String REQUEST = "GET /health/live HTTP/1.1\r\nHost: test\r\n\r\n";

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("HTTP_HEADER_TIMEOUT_SECONDS", 2).put("HTTP_IDLE_TIMEOUT_SECONDS", 5));

  @Fixture private static Api api;

  /** What the connection gave back until it closed (or 60 s passed), and when it closed. */
  private record Outcome(String received, Duration closedAfter, boolean closed) {
  }

  @Test
  @DisplayName("headers trickled one line a second for 45 s: the connection is closed with a 408 after 2 s, never served")
  void trickledHeaders() throws Exception {
    try (Socket socket = connect()) {
      long started = System.nanoTime();
      OutputStream out = socket.getOutputStream();
      out.write("GET /health/live HTTP/1.1\r\nHost: test\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      boolean writeFailed = false;
      for (int i = 0; i < 45 && !writeFailed; i++) {
        Thread.sleep(1000);
        try {
          out.write(("X-Slow-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException closedByServer) {
          writeFailed = true;
        }
        if (!writeFailed && socket.getInputStream().available() > 0) {
          break;
        }
      }
      try {
        // after 45 s, the end of the headers: a server without a header timeout serves the request now
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closedByServer) {
        // as it should be
      }
      Outcome outcome = readUntilClosed(socket, started);

      assertThat(outcome.closed()).as(outcome.toString()).isTrue();
      assertThat(outcome.closedAfter()).isLessThan(Duration.ofSeconds(8));
      assertThat(outcome.received()).startsWith("HTTP/1.1 408").contains("X-Content-Type-Options: nosniff")
          .contains("\"error\":\"request_timeout\"").doesNotContain("200 OK");
    }
  }

  @Test
  @DisplayName("a connection that opens and sends nothing is closed after the header timeout")
  void silentConnection() throws Exception {
    try (Socket socket = connect()) {
      Outcome outcome = readUntilClosed(socket, System.nanoTime());

      assertThat(outcome.closed()).isTrue();
      assertThat(outcome.closedAfter()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(6));
    }
  }

  @Test
  @DisplayName("a keep-alive connection may wait longer than the header timeout between requests, and is closed once idle for 5 s")
  void keepAlive() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");

      Thread.sleep(3000);
      out.write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");

      Outcome outcome = readUntilClosed(socket, System.nanoTime());
      assertThat(outcome.closed()).isTrue();
      assertThat(outcome.closedAfter()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(9));
    }
  }

  @Test
  @DisplayName("a request whose headers come in pieces within the timeout is served")
  void slowButInTime() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      for (String part : new String[] {"GET /health/live HTTP/1.1\r\n", "Host: test\r\n", "X-A: b\r\n", "\r\n"}) {
        out.write(part.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(300);
      }
      assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  @DisplayName("a client that sends its next request while a long export is still streaming does not lose the export to the header timeout")
  void pipelinedDuringLongAnswer() throws Exception {
    Studio studio = Studio.create(api);
    UUID definition = Seed.definition(studio.tenantId, Seed.rewardItem(studio.tenantId), DefinitionSpec.singleUse());
    Seed.update("""
        INSERT INTO coupons (tenant_id, definition_id, code, max_uses)
        SELECT ?, ?, 'EXP-' || g, 1 FROM generate_series(1, 100000) g""", studio.tenantId, definition);
    String path = studio.path("/definitions/" + definition + "/coupons/export");
    String ts = String.valueOf(System.currentTimeMillis() / 1000);
    String export = "GET " + path + " HTTP/1.1\r\nHost: test\r\nX-Tenant-Id: " + studio.tenantId + "\r\nX-Timestamp: " + ts
        + "\r\nX-Signature: " + Credentials.signature(studio.secret, "GET", path, ts, "") + "\r\n\r\n";

    try (Socket socket = new Socket()) {
      // a small window: the export (some 9 MB) fills the socket and waits for this client to read
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", api.port()));
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(export.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300);
      // the next request's first bytes while the export streams; its headers' clock starts now
      out.write("GET /health/live HTTP/1.1\r\nHost: test\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // longer than the header timeout (2 s), shorter than the idle timeout (5 s)
      Thread.sleep(3500);

      Outcome outcome = readUntilClosed(socket, System.nanoTime());

      assertThat(outcome.received()).startsWith("HTTP/1.1 200");
      assertThat(outcome.received().split("EXP-", -1).length - 1).isEqualTo(100_000);
      assertThat(outcome.closed()).isTrue();
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", api.port());
    socket.setSoTimeout(60_000);
    return socket;
  }

  private static Outcome readUntilClosed(Socket socket, long startedNanos) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    boolean closed;
    try {
      byte[] buffer = new byte[4096];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
      closed = true;
    } catch (SocketTimeoutException stillOpen) {
      closed = false;
    } catch (IOException reset) {
      closed = true;
    }
    return new Outcome(received.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - startedNanos), closed);
  }

  /** One response with a Content-Length body, read without waiting for the connection to close. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
    return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
